package dev.proxyaudit.analyzer.nightly;

import dev.proxyaudit.analyzer.config.KeyValueFile;
import dev.proxyaudit.analyzer.config.KeyValueFile.Value;
import dev.proxyaudit.analyzer.correlate.UidServices;
import dev.proxyaudit.analyzer.fleet.Cluster;
import dev.proxyaudit.analyzer.fleet.Shipper;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The nightly run's configuration: the defaults in {@code default-nightly.conf}, overridden key by
 * key by the operator's file. A misspelt key or a bad value names the file and the line.
 */
public record NightlyConfig(
    List<String> sources,
    List<String> journal,
    Path journalDirectory,
    ZoneId zone,
    Path index,
    Path policy,
    Path users,
    Map<String, Integer> uids,
    int retentionDays,
    int evidenceRetentionDays,
    int commitEveryLines,
    int staleAfterDays,
    Path reportDir,
    Path rulesDir,
    List<String> rulesTargets,
    List<Integer> rulesAllowUids,
    List<String> rulesNeverBlock,
    String opensearch,
    String node,
    Path opensearchAuthFile,
    Path opensearchCaFile,
    int opensearchRetentionDays) {

  /** The fleet's cluster as the config names it, or null when it names none. */
  public Cluster cluster() {
    return opensearch == null
        ? null
        : new Cluster(opensearch, opensearchAuthFile, opensearchCaFile);
  }

  private static final String DEFAULTS = "default-nightly.conf";

  // 'kernel' or a systemd unit name (glob): handed to journalctl as one argument, never a shell
  private static final Pattern JOURNAL_SOURCE =
      Pattern.compile("[A-Za-z0-9][A-Za-z0-9@._:*?\\[\\]-]*");

  /** A mistake in the configuration file. */
  public static final class ConfigException extends Exception {
    public ConfigException(String message) {
      super(message);
    }
  }

  /** The built-in defaults as text, for {@code audit nightly --print-default-config}. */
  public static String defaultText() {
    try (InputStream in = NightlyConfig.class.getResourceAsStream(DEFAULTS)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException(DEFAULTS + " missing from the jar", e);
    }
  }

  public static NightlyConfig load(Path file) throws IOException, ConfigException {
    if (file == null) {
      return parse(values(null, null));
    }
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return parse(values(r, file.toString()));
    }
  }

  /** The built-in values, overridden key by key by {@code file} (null: none). */
  private static Map<String, Value> values(Reader file, String name)
      throws IOException, ConfigException {
    Map<String, Value> v = new LinkedHashMap<>();
    try {
      KeyValueFile.read(new java.io.StringReader(defaultText()), "(built-in)", v, false);
      if (file != null) {
        KeyValueFile.read(file, name, v, true);
      }
    } catch (KeyValueFile.LineException e) {
      throw new ConfigException(e.getMessage());
    }
    return v;
  }

  /**
   * What a nightly run with {@code file} (null: the built-in defaults) reads: the {@code sources}
   * value with the {@code file:line} that set it, and the journal sources; for {@code audit
   * doctor}.
   */
  public record Inputs(Value sources, List<String> journal) {}

  public static Inputs inputs(Reader file, String name) throws IOException, ConfigException {
    Map<String, Value> v = values(file, name);
    return new Inputs(v.get("sources"), list(v, "journal"));
  }

  /** A comma-separated list as the config writes it. */
  public static List<String> splitList(String text) {
    List<String> out = new ArrayList<>();
    for (String part : text.split(",")) {
      if (!part.isBlank()) {
        out.add(part.strip());
      }
    }
    return List.copyOf(out);
  }

  private static NightlyConfig parse(Map<String, Value> v) throws ConfigException {
    ZoneId zone = ZoneId.systemDefault();
    Value tz = v.get("tz");
    if (!tz.text().isEmpty()) {
      try {
        zone = ZoneId.of(tz.text());
      } catch (DateTimeException e) {
        throw new ConfigException(tz.where() + ": tz: unknown time zone '" + tz.text() + "'");
      }
    }
    Map<String, Integer> uids = new LinkedHashMap<>();
    for (String pair : list(v, "uids")) {
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new ConfigException(
            v.get("uids").where() + ": uids: expected SERVICE=UID, got '" + pair + "'");
      }
      String service = pair.substring(0, eq).strip();
      String uid = pair.substring(eq + 1).strip();
      try {
        uids.put(service, UidServices.parsePair(service, uid));
      } catch (UidServices.BadPairException e) {
        String where = v.get("uids").where();
        throw new ConfigException(
            e.unknownService()
                ? where + ": uids: unknown service '" + service + "' (v2ray, shadowsocks)"
                : where + ": uids: not a whole number >= 0: '" + uid + "'");
      }
    }
    List<Integer> allowUids = new ArrayList<>();
    for (String u : list(v, "rules_allow_uids")) {
      allowUids.add(number(v, "rules_allow_uids", u));
    }
    List<String> journal = list(v, "journal");
    for (String j : journal) {
      if (!JOURNAL_SOURCE.matcher(j).matches()) {
        throw new ConfigException(
            v.get("journal").where()
                + ": journal: not 'kernel' or a unit name: '"
                + j
                + "' (letters, digits and @._:-, globs * ? [])");
      }
    }
    return new NightlyConfig(
        list(v, "sources"),
        journal,
        path(v, "journal_directory"),
        zone,
        path(v, "index"),
        path(v, "policy"),
        path(v, "users"),
        uids,
        number(v, "retention_days", v.get("retention_days").text()),
        number(v, "evidence_retention_days", v.get("evidence_retention_days").text()),
        Math.max(1, number(v, "commit_every_lines", v.get("commit_every_lines").text())),
        number(v, "stale_after_days", v.get("stale_after_days").text()),
        path(v, "report_dir"),
        path(v, "rules_dir"),
        list(v, "rules_targets"),
        allowUids,
        list(v, "rules_never_block"),
        url(v, "opensearch"),
        nodeName(v, "node"),
        path(v, "opensearch_auth_file"),
        path(v, "opensearch_ca_file"),
        number(v, "opensearch_retention_days", v.get("opensearch_retention_days").text()));
  }

  private static String url(Map<String, Value> v, String key) throws ConfigException {
    String t = v.get(key).text();
    if (t.isEmpty()) {
      return null;
    }
    if (!Shipper.validUrl(t)) {
      throw new ConfigException(
          v.get(key).where() + ": " + key + ": not an http(s) URL: '" + t + "'");
    }
    return t;
  }

  private static String nodeName(Map<String, Value> v, String key) throws ConfigException {
    String t = v.get(key).text();
    if (t.isEmpty()) {
      return null;
    }
    if (!Shipper.validNode(t)) {
      throw new ConfigException(
          v.get(key).where() + ": " + key + ": letters, digits, '.', '_', '-' only: '" + t + "'");
    }
    return t;
  }

  private static int number(Map<String, Value> v, String key, String text) throws ConfigException {
    try {
      int n = Integer.parseInt(text);
      if (n < 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new ConfigException(
          v.get(key).where() + ": " + key + ": not a whole number >= 0: '" + text + "'");
    }
  }

  private static Path path(Map<String, Value> v, String key) throws ConfigException {
    String t = v.get(key).text();
    if (t.isEmpty()) {
      return null;
    }
    if (!t.startsWith("/")) {
      throw new ConfigException(
          v.get(key).where() + ": " + key + ": not an absolute path: '" + t + "'");
    }
    return Path.of(t);
  }

  private static List<String> list(Map<String, Value> v, String key) {
    return splitList(v.get(key).text());
  }
}
