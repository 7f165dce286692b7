package dev.proxyaudit.rules;

import java.util.List;

/**
 * An {@code iptables-restore} (or {@code ip6tables-restore}) file that owns three chains and
 * touches nothing else: loaded with {@code --noflush}, declaring a chain flushes and refills it.
 *
 * <p>The jumps from OUTPUT, FORWARD and INPUT are not in the file: iptables-restore has no "insert
 * if missing", a {@code -D} of a missing rule aborts the whole restore, and inserting again on
 * every load would pile up jumps. The loader ({@link LoaderWriter}) restores this file (which
 * creates the chains), then adds each jump only when {@code iptables -C} says it is missing.
 */
public final class IptablesWriter implements RuleWriter {
  public static final String OUT = "PROXY-AUDIT-OUT";
  public static final String FWD = "PROXY-AUDIT-FWD";
  public static final String IN = "PROXY-AUDIT-IN";

  private final boolean v6;

  public IptablesWriter(boolean v6) {
    this.v6 = v6;
  }

  @Override
  public String target() {
    return v6 ? "ip6tables" : "iptables";
  }

  @Override
  public String fileName() {
    return v6 ? "ip6tables.rules" : "iptables.rules";
  }

  String command() {
    return v6 ? "ip6tables" : "iptables";
  }

  @Override
  public String render(BlockPlan plan) {
    String cmd = command();
    String file = plan.loadPath(fileName());
    List<String> header =
        Header.lines(
            plan,
            "block outgoing TCP to port(s) "
                + plan.portList()
                + " ("
                + (v6 ? "IPv6" : "IPv4")
                + ")",
            List.of(
                "sh " + plan.loadPath(LoaderWriter.FILE) + "   (both files, and each jump once)",
                "or by hand: " + cmd + "-restore --noflush < " + file + ", then",
                "  " + cmd + " -C OUTPUT -j " + OUT + " || " + cmd + " -I OUTPUT 1 -j " + OUT,
                "  (and FORWARD -j " + FWD + ", INPUT -j " + IN + " likewise).",
                "Loading again replaces the chains' rules; no other rule is touched."),
            List.of(
                "Debian/Ubuntu: apt-get install iptables-persistent, load, then: netfilter-persistent save",
                "  (writes /etc/iptables/rules." + (v6 ? "v6" : "v4") + ", restored at boot)",
                "RHEL/CentOS: load, then: service "
                    + cmd
                    + " save   (writes /etc/sysconfig/"
                    + cmd
                    + ")",
                "Or a systemd unit: [Service] Type=oneshot ExecStart=/bin/sh "
                    + plan.loadPath(LoaderWriter.FILE),
                "  RemainAfterExit=yes, [Install] WantedBy=multi-user.target"));
    StringBuilder sb = new StringBuilder(Header.asComments(header, "#"));
    sb.append("*filter\n");
    sb.append(':').append(OUT).append(" - [0:0]\n");
    sb.append(':').append(FWD).append(" - [0:0]\n");
    sb.append(':').append(IN).append(" - [0:0]\n");
    String ports = ports(plan);
    for (Cidr d : plan.allowDestinations(v6)) {
      for (String chain : List.of(OUT, FWD)) {
        sb.append("-A ").append(chain).append(" -p tcp ").append(ports).append(" -d ").append(d);
        sb.append(comment("allowed destination " + d)).append(" -j RETURN\n");
      }
    }
    for (int uid : plan.allowUids()) {
      sb.append("-A ").append(OUT).append(" -p tcp ").append(ports);
      sb.append(" -m owner --uid-owner ").append(uid);
      sb.append(comment("allowed uid " + uid)).append(" -j RETURN\n");
    }
    String why = plan.offenders().isEmpty() ? "blanket block" : "findings in the header";
    for (String chain : List.of(OUT, FWD)) {
      sb.append("-A ").append(chain).append(" -p tcp ").append(ports);
      sb.append(" -m conntrack --ctstate NEW -m limit --limit 10/minute --limit-burst 20");
      sb.append(" -j LOG --log-prefix \"").append(BlockPlan.LOG_PREFIX).append('"');
      sb.append(chain.equals(OUT) ? " --log-uid\n" : "\n");
      sb.append("-A ").append(chain).append(" -p tcp ").append(ports);
      sb.append(comment("block port " + plan.portList() + ": " + why));
      sb.append(" -j REJECT --reject-with tcp-reset\n");
    }
    for (String client : plan.dropClients(v6)) {
      sb.append("-A ").append(IN).append(" -s ").append(client);
      sb.append(comment("client of " + clientOwner(plan, client))).append(" -j DROP\n");
    }
    sb.append("COMMIT\n");
    return sb.toString();
  }

  private static String ports(BlockPlan plan) {
    return plan.ports().size() == 1
        ? "--dport " + plan.ports().get(0)
        : "-m multiport --dports " + plan.portList();
  }

  private static String comment(String text) {
    return " -m comment --comment \"proxy-audit: " + RuleText.comment(text) + "\"";
  }

  static String clientOwner(BlockPlan plan, String client) {
    for (Offender o : plan.offenders()) {
      if (o.clients().contains(client)) {
        return o.service() + " " + (o.user() == null ? "unknown user" : o.user());
      }
    }
    return "a finding";
  }
}
