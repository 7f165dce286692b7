package dev.proxyaudit.analyzer.doctor;

import dev.proxyaudit.analyzer.nightly.Sources;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The nightly run reads only its sources: a V2Ray/Xray access log outside them, or a host whose
 * kernel (and systemd services) log only to the journal, hides the spammer from every report.
 */
final class NightlySourcesCheck implements Check {
  static final String ID_MISSED = "nightly-sources-miss-log";
  static final String ID_NO_SYSLOG = "no-syslog-file";

  /** Where rsyslog writes the kernel's lines and those of services without a log file. */
  static final List<String> SYSTEM_LOGS =
      List.of("/var/log/syslog", "/var/log/messages", "/var/log/kern.log");

  private static final String CONFIG = "/etc/proxy-audit/nightly.conf";
  // a path pasted into a sed command: only the characters that need no quoting
  private static final Pattern PLAIN_PATH = Pattern.compile("/[A-Za-z0-9._+/-]*");

  @Override
  public List<Finding> check(HostState host) {
    List<Finding> out = new ArrayList<>();
    if (host.nightly().isEmpty()) {
      return out;
    }
    NightlySources n = host.nightly().get();
    for (Proxies.V2rayConfig c : Proxies.readable(host)) {
      JsonTree.Node log = c.root().get("log");
      String access = log.get("access").text();
      if (access != null
          && access.startsWith("/")
          && !"none".equals(log.get("loglevel").text())
          && !Sources.covers(n.patterns(), Path.of(access))) {
        out.add(
            missed(
                n, "the V2Ray/Xray access log " + access + " (" + c.file().name() + ")", access));
      }
    }
    host.systemLogs().ifPresent(present -> systemLogs(n, present).ifPresent(out::add));
    return out;
  }

  private static Optional<Finding> systemLogs(NightlySources n, List<String> present) {
    if (n.journal().contains("kernel")) {
      return Optional.empty(); // the kernel's lines come from the journal
    }
    if (present.isEmpty()) {
      return Optional.of(
          new Finding(
              ID_NO_SYSLOG,
              Severity.MUST_FIX,
              "/var/log",
              0,
              "no " + String.join(", ", SYSTEM_LOGS) + ": no syslog daemon writes log files",
              "the kernel's LOG lines (UID=) and ss-server's lines under systemd then stay in the"
                  + " journal, which audit nightly does not read (Debian 12 cloud images come"
                  + " without rsyslog).",
              "apt-get install rsyslog   # RHEL/CentOS: dnf install rsyslog &&"
                  + " systemctl enable --now rsyslog\n"
                  + "# or let audit nightly read the journal: in "
                  + CONFIG
                  + "\n#   journal = kernel, shadowsocks-libev, shadowsocks-libev-server@*"));
    }
    for (String f : present) {
      if (Sources.covers(n.patterns(), Path.of(f))) {
        return Optional.empty();
      }
    }
    return Optional.of(
        missed(
            n,
            present.get(0) + " (the kernel's LOG lines, ss-server's under systemd)",
            present.get(0)));
  }

  private static Finding missed(NightlySources n, String what, String path) {
    String add = path + "*";
    String fix;
    if (n.config() == null) {
      fix =
          "audit nightly --print-default-config > "
              + CONFIG
              + "\n"
              + "then add "
              + add
              + " to its 'sources' line";
    } else if (PLAIN_PATH.matcher(path).matches() && PLAIN_PATH.matcher(n.config()).matches()) {
      fix = "sed -i 's|^sources *= *|sources = " + add + ", |' " + n.config();
    } else {
      fix = "add " + add + " to the 'sources' line of " + n.config();
    }
    return new Finding(
        ID_MISSED,
        Severity.MUST_FIX,
        n.config() == null ? "(built-in nightly sources)" : n.config(),
        n.config() == null ? 0 : line(n.where()),
        what + " is not among the nightly sources",
        "audit nightly reads only its sources: the lines that name the spammer are never"
            + " indexed, and every nightly report stays silent.",
        fix);
  }

  private static int line(String where) {
    int colon = where.lastIndexOf(':');
    try {
      return colon < 0 ? 0 : Integer.parseInt(where.substring(colon + 1));
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
