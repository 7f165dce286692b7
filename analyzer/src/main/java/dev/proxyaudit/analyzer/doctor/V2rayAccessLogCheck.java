package dev.proxyaudit.analyzer.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Finding 1: V2Ray/Xray must write an access log somewhere the service can write. */
final class V2rayAccessLogCheck implements Check {
  static final String ID_OFF = "v2ray-access-log-off";
  static final String ID_UNWRITABLE = "v2ray-access-log-unwritable";
  static final String ID_UNREADABLE = "config-unreadable";

  private static final String WHY =
      "the access log is the only place V2Ray/Xray names the user (email) and client address of"
          + " each connection; without it a kernel line to port 25 leads to no one.";

  @Override
  public List<Finding> check(HostState host) {
    List<Finding> out = new ArrayList<>();
    for (Proxies.V2rayConfig c : Proxies.v2ray(host)) {
      String path = c.file().name();
      if (c.root() == null) {
        out.add(
            new Finding(
                ID_UNREADABLE,
                Severity.MUST_FIX,
                path,
                0,
                "not a JSON config doctor can read: " + c.error(),
                "nothing in it could be checked.",
                "v2ray test -config " + path + "   # or: xray run -test -config " + path));
        continue;
      }
      JsonTree.Node log = c.root().get("log");
      String access = log.get("access").text();
      String level = log.get("loglevel").text();
      if (!log.isObject() || "none".equals(access) || "none".equals(level)) {
        int line = log.isObject() ? log.line() : 1;
        String what =
            !log.isObject()
                ? "no \"log\" object: the access log is off"
                : "none".equals(level)
                    ? "\"loglevel\": \"none\" turns the access log off"
                    : "\"access\": \"none\" turns the access log off";
        out.add(new Finding(ID_OFF, Severity.MUST_FIX, path, line, what, WHY, logFix(host, path)));
      } else if (access != null && !access.isEmpty()) {
        unwritable(host, path, log.line(), access).ifPresent(out::add);
      }
    }
    return out;
  }

  /**
   * A file path the unit's dynamic user cannot write (DynamicUser implies ProtectSystem=strict).
   */
  private static Optional<Finding> unwritable(HostState host, String path, int line, String file) {
    Optional<Unit> unit = Proxies.unitFor(host, path);
    if (unit.isEmpty() || !unit.get().isTrue("DynamicUser")) {
      return Optional.empty();
    }
    Unit u = unit.get();
    String dir = logsDirFor(file);
    for (Unit.Setting s : u.all("LogsDirectory")) {
      for (String d : s.value().split("\\s+")) {
        if (dir != null && (dir.equals(d) || dir.startsWith(d + "/"))) {
          return Optional.empty();
        }
      }
    }
    for (Unit.Setting s : u.all("ReadWritePaths")) {
      for (String d : s.value().split("\\s+")) {
        if (file.startsWith(d.replaceFirst("^-", "") + "/")) {
          return Optional.empty();
        }
      }
    }
    String want = dir != null ? dir : u.shortName();
    String fix =
        "mkdir -p /etc/systemd/system/"
            + u.name()
            + ".d && printf '[Service]\\nLogsDirectory="
            + want
            + "\\n' > /etc/systemd/system/"
            + u.name()
            + ".d/logs.conf && systemctl daemon-reload && systemctl restart "
            + u.name()
            + (dir == null
                ? "\n# and point \"access\" at /var/log/" + want + "/access.log in " + path
                : "");
    return Optional.of(
        new Finding(
            ID_UNWRITABLE,
            Severity.MUST_FIX,
            path,
            line,
            "\"access\": \""
                + file
                + "\" but "
                + u.name()
                + " runs with DynamicUser=true and no LogsDirectory="
                + want
                + ": the service cannot write there (permission denied at start)",
            WHY,
            fix));
  }

  /** The LogsDirectory= name for a file under /var/log, e.g. "v2ray"; null elsewhere. */
  private static String logsDirFor(String file) {
    if (!file.startsWith("/var/log/")) {
      return null;
    }
    String rest = file.substring("/var/log/".length());
    int slash = rest.lastIndexOf('/');
    return slash <= 0 ? null : rest.substring(0, slash);
  }

  private static String logFix(HostState host, String path) {
    Optional<Unit> unit = Proxies.unitFor(host, path);
    String name = unit.map(Unit::shortName).orElse("v2ray");
    String fix =
        "add to "
            + path
            + ":\n  \"log\": {\"access\": \"/var/log/"
            + name
            + "/access.log\", \"error\": \"/var/log/"
            + name
            + "/error.log\", \"loglevel\": \"info\"},";
    if (unit.isPresent() && unit.get().isTrue("DynamicUser")) {
      Unit u = unit.get();
      fix +=
          "\nmkdir -p /etc/systemd/system/"
              + u.name()
              + ".d && printf '[Service]\\nLogsDirectory="
              + name
              + "\\n' > /etc/systemd/system/"
              + u.name()
              + ".d/logs.conf && systemctl daemon-reload";
    }
    return fix + "\nsystemctl restart " + unit.map(Unit::name).orElse(name);
  }
}
