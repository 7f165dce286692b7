package dev.proxyaudit.analyzer.cli;

import dev.proxyaudit.analyzer.doctor.CommandRunner;
import dev.proxyaudit.analyzer.doctor.Doctor;
import dev.proxyaudit.analyzer.doctor.DoctorReport;
import dev.proxyaudit.analyzer.doctor.Finding;
import dev.proxyaudit.analyzer.doctor.HostReader;
import dev.proxyaudit.analyzer.doctor.HostState;
import dev.proxyaudit.analyzer.doctor.NightlySources;
import dev.proxyaudit.analyzer.doctor.Severity;
import dev.proxyaudit.analyzer.doctor.SourceFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code audit doctor}: checks that the proxies and the firewall log what audit needs. */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:nothing must be fixed",
      "1:error",
      "2:usage error (bad option, a named file that cannot be read)",
      "7:something must be fixed"
    },
    description = {
      "Reads the V2Ray/Xray and shadowsocks-libev configs, their systemd units, the netfilter"
          + " rules, logrotate and audit nightly's sources, and prints each problem that hides the spammer with the fix to"
          + " paste. Without file options it reads the live host, read-only (iptables-save,"
          + " ip6tables-save and nft list ruleset are run; a missing tool is 'not checked')."
    })
final class DoctorCommand implements Callable<Integer> {
  /** Tests replace this to read the firewall of a network namespace. */
  static CommandRunner runner = CommandRunner.local(10);

  @Spec CommandSpec spec;

  @Option(names = "--v2ray-config", paramLabel = "FILE", description = "V2Ray/Xray config.")
  List<Path> v2ray = new ArrayList<>();

  @Option(names = "--shadowsocks-config", paramLabel = "FILE", description = "ss-server config.")
  List<Path> shadowsocks = new ArrayList<>();

  @Option(
      names = "--unit",
      paramLabel = "FILE",
      description = "systemd unit or drop-in (NAME.service.d/*.conf joins NAME.service).")
  List<Path> units = new ArrayList<>();

  @Option(names = "--iptables-save", paramLabel = "FILE", description = "iptables-save output.")
  Path iptables;

  @Option(names = "--ip6tables-save", paramLabel = "FILE", description = "ip6tables-save output.")
  Path ip6tables;

  @Option(names = "--nft-ruleset", paramLabel = "FILE", description = "nft list ruleset output.")
  Path nft;

  @Option(names = "--logrotate", paramLabel = "FILE", description = "logrotate config.")
  List<Path> logrotate = new ArrayList<>();

  @Option(
      names = "--nginx-config",
      paramLabel = "FILE",
      description = "nginx config in front of V2Ray/Xray (does it pass the client's address?).")
  List<Path> nginx = new ArrayList<>();

  @Option(
      names = "--nightly-config",
      paramLabel = "FILE",
      description = "audit nightly's config (are the proxies' logs among its sources?).")
  Path nightlyConfig;

  @Mixin TextOrJsonOption output;

  @Override
  public Integer call() throws IOException {
    HostState host = fromFiles() ? read() : new HostReader(Path.of("/"), runner).live();
    List<Finding> findings = Doctor.examine(host);
    PrintWriter out = spec.commandLine().getOut();
    if (output.json()) {
      DoctorReport.json(findings, host.notChecked(), out);
    } else {
      DoctorReport.text(findings, host.notChecked(), out);
    }
    out.flush();
    boolean must = findings.stream().anyMatch(f -> f.severity() == Severity.MUST_FIX);
    return must ? ExitCode.MUST_FIX.code() : ExitCode.OK.code();
  }

  private boolean fromFiles() {
    return !v2ray.isEmpty()
        || !shadowsocks.isEmpty()
        || !units.isEmpty()
        || iptables != null
        || ip6tables != null
        || nft != null
        || !logrotate.isEmpty()
        || !nginx.isEmpty()
        || nightlyConfig != null;
  }

  /** Only the files named: what was not named is not checked. */
  private HostState read() {
    List<String> notChecked = new ArrayList<>();
    if (iptables == null && ip6tables == null && nft == null) {
      notChecked.add("netfilter: no --iptables-save, --ip6tables-save or --nft-ruleset given");
    } else if (nft == null && (iptables == null || ip6tables == null)) {
      notChecked.add(
          (iptables == null ? "IPv4" : "IPv6")
              + " netfilter: not checked (no --"
              + (iptables == null ? "iptables" : "ip6tables")
              + "-save or --nft-ruleset given)");
    }
    Optional<NightlySources> nightly =
        nightlyConfig == null
            ? Optional.empty()
            : HostReader.nightly(one("--nightly-config", nightlyConfig).orElseThrow(), notChecked);
    return new HostState(
        all("--v2ray-config", v2ray),
        all("--shadowsocks-config", shadowsocks),
        HostReader.units(all("--unit", units)),
        one("--iptables-save", iptables),
        one("--ip6tables-save", ip6tables),
        one("--nft-ruleset", nft),
        all("--logrotate", logrotate),
        Map.of(),
        notChecked,
        nightly,
        Optional.empty(),
        all("--nginx-config", nginx));
  }

  private List<SourceFile> all(String option, List<Path> paths) {
    List<SourceFile> out = new ArrayList<>();
    for (Path p : paths) {
      out.add(one(option, p).orElseThrow());
    }
    return out;
  }

  /** The file named by {@code option}; one that cannot be read is a usage error saying why. */
  private Optional<SourceFile> one(String option, Path p) {
    if (p == null) {
      return Optional.empty();
    }
    try {
      return Optional.of(new SourceFile(p.toString(), HostReader.read(p)));
    } catch (IOException e) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), option + " " + p + ": " + HostReader.unreadable(e));
    }
  }
}
