package dev.proxyaudit.analyzer.doctor;

import dev.proxyaudit.analyzer.nightly.NightlyConfig;
import dev.proxyaudit.analyzer.parse.IoErrors;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Reads the host read-only: files under a root (normally /) and the firewall dump commands. */
public final class HostReader {
  static final List<String> V2RAY_CONFIGS =
      List.of("etc/v2ray/config.json", "usr/local/etc/xray/config.json", "etc/xray/config.json");
  static final List<String> UNITS =
      List.of(
          "v2ray.service",
          "xray.service",
          "shadowsocks-libev.service",
          "shadowsocks-libev-server@.service");

  static final String NIGHTLY_CONFIG = "etc/proxy-audit/nightly.conf";

  private final Path root;
  private final CommandRunner runner;
  private final List<String> notChecked = new ArrayList<>();

  public HostReader(Path root, CommandRunner runner) {
    this.root = root;
    this.runner = runner;
  }

  /** Everything doctor looks at on a live host. */
  public HostState live() {
    List<SourceFile> v2ray = new ArrayList<>();
    V2RAY_CONFIGS.forEach(p -> file(p).ifPresent(v2ray::add));
    List<Unit> units = new ArrayList<>();
    Map<String, String> env = new LinkedHashMap<>();
    for (String name : UNITS) {
      unit(name).ifPresent(units::add);
    }
    for (Unit u : units) {
      for (Unit.Setting s : u.all("EnvironmentFile")) {
        String p = s.value().replaceFirst("^-", "");
        file(p.replaceFirst("^/", "")).ifPresent(f -> env.put(p, f.text()));
      }
    }
    List<SourceFile> logrotate = new ArrayList<>();
    file("etc/logrotate.conf").ifPresent(logrotate::add);
    logrotate.addAll(dir("etc/logrotate.d", "*"));
    if (v2ray.isEmpty()) {
      notChecked.add("V2Ray/Xray: no config at /" + String.join(", /", V2RAY_CONFIGS));
    }
    Optional<NightlySources> nightly = nightly();
    List<String> systemLogs = new ArrayList<>();
    for (String f : NightlySourcesCheck.SYSTEM_LOGS) {
      if (Files.exists(root.resolve(f.substring(1)))) {
        systemLogs.add(f);
      }
    }
    return new HostState(
        v2ray,
        dir("etc/shadowsocks-libev", "*.json"),
        units,
        netfilter(List.of("iptables-save")),
        netfilter(List.of("ip6tables-save")),
        netfilter(List.of("nft", "list", "ruleset")),
        logrotate,
        env,
        List.copyOf(notChecked),
        nightly,
        Optional.of(List.copyOf(systemLogs)),
        nginx());
  }

  /** nginx's config: nginx.conf and the folders Debian's and the guides' includes name. */
  private List<SourceFile> nginx() {
    List<SourceFile> out = new ArrayList<>(dir("etc/nginx", "*.conf"));
    for (String d : List.of("conf.d", "sites-enabled", "snippets", "streams-enabled")) {
      out.addAll(dir("etc/nginx/" + d, "*"));
    }
    return out;
  }

  /** The sources of /etc/proxy-audit/nightly.conf, or the built-in ones when there is none. */
  private Optional<NightlySources> nightly() {
    Optional<SourceFile> conf = file(NIGHTLY_CONFIG);
    return conf.isPresent() ? nightly(conf.get(), notChecked) : nightly(null, notChecked);
  }

  /** The sources of a nightly config (null: the built-in ones); "not checked" if unreadable. */
  public static Optional<NightlySources> nightly(SourceFile conf, List<String> notChecked) {
    try {
      String name = conf == null ? null : conf.name();
      NightlyConfig.Inputs in =
          NightlyConfig.inputs(conf == null ? null : new StringReader(conf.text()), name);
      return Optional.of(
          new NightlySources(
              name,
              in.sources().where(),
              NightlyConfig.splitList(in.sources().text()),
              in.journal()));
    } catch (NightlyConfig.ConfigException e) {
      notChecked.add("nightly sources: not checked, " + e.getMessage());
      return Optional.empty();
    } catch (IOException e) {
      notChecked.add("nightly sources: not checked, " + IoErrors.reason(e));
      return Optional.empty();
    }
  }

  /** The output of one dump command, or "not checked" with the reason. */
  public Optional<SourceFile> netfilter(List<String> command) {
    CommandRunner.Output o = runner.run(command);
    String name = String.join(" ", command);
    if (o.text() == null) {
      notChecked.add(name + ": not checked, " + o.error());
      return Optional.empty();
    }
    return Optional.of(new SourceFile(name, o.text()));
  }

  public List<String> notChecked() {
    return List.copyOf(notChecked);
  }

  private Optional<Unit> unit(String name) {
    List<SourceFile> parts = new ArrayList<>();
    Optional<SourceFile> base = file("etc/systemd/system/" + name);
    if (base.isEmpty()) {
      base = file("lib/systemd/system/" + name).or(() -> file("usr/lib/systemd/system/" + name));
    }
    base.ifPresent(parts::add);
    parts.addAll(dir("etc/systemd/system/" + name + ".d", "*.conf"));
    return parts.isEmpty() || base.isEmpty()
        ? Optional.empty()
        : Optional.of(new Unit(name, parts));
  }

  private Optional<SourceFile> file(String relative) {
    Path p = root.resolve(relative);
    if (!Files.isRegularFile(p)) {
      return Optional.empty();
    }
    try {
      return Optional.of(new SourceFile("/" + relative, read(p)));
    } catch (IOException e) {
      notChecked.add("/" + relative + ": not checked, " + unreadable(e));
      return Optional.empty();
    }
  }

  /** A config file's text: UTF-8, so that a binary file is refused rather than misread. */
  public static String read(Path p) throws IOException {
    if (Files.isDirectory(p)) {
      throw new IOException("is a directory, not a file");
    }
    return Files.readString(p, StandardCharsets.UTF_8);
  }

  /** Why a config file could not be read, for a person: "not a text file", "cannot read: ...". */
  public static String unreadable(IOException e) {
    return e instanceof CharacterCodingException
        ? IoErrors.reason(e)
        : "cannot read: " + IoErrors.reason(e);
  }

  private List<SourceFile> dir(String relative, String glob) {
    List<String> names = new ArrayList<>();
    Path d = root.resolve(relative);
    if (!Files.isDirectory(d)) {
      return List.of();
    }
    try (DirectoryStream<Path> s = Files.newDirectoryStream(d, glob)) {
      s.forEach(p -> names.add(p.getFileName().toString()));
    } catch (IOException e) {
      notChecked.add("/" + relative + ": not checked, cannot list: " + IoErrors.reason(e));
    }
    names.sort(null);
    List<SourceFile> out = new ArrayList<>();
    for (String n : names) {
      file(relative + "/" + n).ifPresent(out::add);
    }
    return out;
  }

  /** Groups unit files given by path: {@code NAME.service.d/x.conf} joins unit NAME.service. */
  public static List<Unit> units(List<SourceFile> files) {
    Map<String, List<SourceFile>> byName = new LinkedHashMap<>();
    for (SourceFile f : files) {
      Path p = Path.of(f.name());
      Path parent = p.getParent();
      String dir =
          parent == null || parent.getFileName() == null ? "" : parent.getFileName().toString();
      String name =
          dir.endsWith(".service.d")
              ? dir.substring(0, dir.length() - 2)
              : p.getFileName().toString();
      List<SourceFile> parts = byName.computeIfAbsent(name, k -> new ArrayList<>());
      if (dir.endsWith(".service.d")) {
        parts.add(f);
      } else {
        parts.add(0, f);
      }
    }
    List<Unit> out = new ArrayList<>();
    byName.forEach((n, parts) -> out.add(new Unit(n, parts)));
    return out;
  }
}
