package dev.proxyaudit.analyzer.doctor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finding 3: shadowsocks-libev writes its "[port] connect to host:port" lines only with -v (3.3.5
 * has no config-file key for it), and one process serving several ports shares one uid.
 */
final class ShadowsocksCheck implements Check {
  static final String ID_NO_VERBOSE = "shadowsocks-not-verbose";
  static final String ID_PORT_PASSWORD = "shadowsocks-port-password";
  static final String ID_UNREADABLE = V2rayAccessLogCheck.ID_UNREADABLE;

  private static final Pattern VAR = Pattern.compile("\\$\\{?([A-Za-z_][A-Za-z0-9_]*)\\}?");

  @Override
  public List<Finding> check(HostState host) {
    List<Finding> out = new ArrayList<>();
    for (Unit u : Proxies.shadowsocksUnitsInUse(host)) {
      List<String> args = List.of(expand(host, u).split("\\s+"));
      if (!args.contains("-v") && !args.contains("--verbose")) {
        out.add(
            new Finding(
                ID_NO_VERBOSE,
                Severity.MUST_FIX,
                u.execStartWhere(),
                0,
                u.name() + " runs ss-server without -v: no connection lines are logged",
                "shadowsocks-libev writes \"[PORT] connect to HOST:25\" only in verbose mode; the"
                    + " port is the only user identity it has (3.3.5 has no config key for it).",
                verboseFix(u)));
      }
    }
    for (SourceFile f : host.shadowsocksConfigs()) {
      JsonTree.Node root;
      try {
        root = JsonTree.parse(f.text());
      } catch (IOException | RuntimeException e) {
        out.add(
            new Finding(
                ID_UNREADABLE,
                Severity.MUST_FIX,
                f.name(),
                0,
                "not a JSON config doctor can read: "
                    + String.valueOf(e.getMessage()).split("\n")[0],
                "nothing in it could be checked.",
                "ss-server -c " + f.name() + " -v   # shows the parse error"));
        continue;
      }
      JsonTree.Node pp = root.get("port_password");
      if (pp.keys().size() > 1) {
        out.add(
            new Finding(
                ID_PORT_PASSWORD,
                Severity.SHOULD_FIX,
                f.name(),
                pp.line(),
                "\"port_password\" serves "
                    + pp.keys().size()
                    + " ports ("
                    + String.join(", ", pp.keys())
                    + ") from one manager, all as one uid",
                "the kernel's UID= of a connection to port 25 is the same for every port's user;"
                    + " only the \"[PORT] connect to\" line (with -v) can tell them apart, and only"
                    + " by time.",
                "one config per user: /etc/shadowsocks-libev/NAME.json with its own server_port"
                    + " and password, run as systemctl enable --now"
                    + " shadowsocks-libev-server@NAME (DynamicUser gives each its own uid)"));
      }
    }
    return out;
  }

  /** ExecStart with $VARS from Environment= and readable EnvironmentFile= files. */
  static String expand(HostState host, Unit u) {
    java.util.Map<String, String> env = new java.util.HashMap<>();
    for (Unit.Setting s : u.all("EnvironmentFile")) {
      String text = host.envFiles().get(s.value().replaceFirst("^-", ""));
      if (text != null) {
        for (String line : text.split("\n")) {
          int eq = line.indexOf('=');
          if (!line.strip().startsWith("#") && eq > 0) {
            env.put(
                line.substring(0, eq).strip(), line.substring(eq + 1).strip().replace("\"", ""));
          }
        }
      }
    }
    for (Unit.Setting s : u.all("Environment")) {
      for (String kv : s.value().replace("\"", "").split("\\s+")) {
        int eq = kv.indexOf('=');
        if (eq > 0) {
          env.put(kv.substring(0, eq), kv.substring(eq + 1));
        }
      }
    }
    Matcher m = VAR.matcher(u.execStart());
    StringBuilder sb = new StringBuilder();
    while (m.find()) {
      m.appendReplacement(sb, Matcher.quoteReplacement(env.getOrDefault(m.group(1), "")));
    }
    m.appendTail(sb);
    return sb.toString();
  }

  private static String verboseFix(Unit u) {
    String exec = u.execStart();
    if (exec.contains("$DAEMON_ARGS") && !u.all("EnvironmentFile").isEmpty()) {
      String file = u.all("EnvironmentFile").get(0).value().replaceFirst("^-", "");
      return "sed -i 's/^DAEMON_ARGS=.*/DAEMON_ARGS=\"-v\"/' "
          + file
          + " && systemctl restart "
          + u.name();
    }
    return "mkdir -p /etc/systemd/system/"
        + u.name()
        + ".d && printf '[Service]\\nExecStart=\\nExecStart="
        + exec.replace("%", "%%")
        + " -v\\n' > /etc/systemd/system/"
        + u.name()
        + ".d/verbose.conf && systemctl daemon-reload && systemctl restart "
        + u.name().replace("@", "@NAME");
  }
}
