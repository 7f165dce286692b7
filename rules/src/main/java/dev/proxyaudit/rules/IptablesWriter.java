package dev.proxyaudit.rules;

import java.util.List;

/**
 * An {@code iptables-restore} (or {@code ip6tables-restore}) file for the {@code security} table,
 * which proxy-audit owns, and nothing else: however it is loaded, it cannot touch a rule it did not
 * write.
 *
 * <p>Why that table: operators load rules files with plain {@code iptables-restore < file}, and
 * netfilter-persistent and RHEL's iptables service restore theirs that way at boot; without {@code
 * --noflush} that empties every table the file names. A {@code *filter} file would wipe the
 * operator's own rules (their SSH accept) and, since iptables-restore has no "add if missing",
 * could not carry its jumps either. The security table is filter's twin on the same hooks (INPUT,
 * FORWARD, OUTPUT; traversed after filter, so an ACCEPT there does not skip it), used only for
 * SELinux packet labels. Naming only it, the file flushes and refills its three built-in chains
 * with one jump each: the same ruleset after any number of loads, with or without {@code
 * --noflush}, and {@code netfilter-persistent save} / {@code service iptables save} keep it. Its
 * one limit: REJECT is a filter-table target, so blocked connections are dropped.
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
                cmd + "-restore < " + file + "   (with or without --noflush: the same),",
                "or sh " + plan.loadPath(LoaderWriter.FILE) + " (both files; refuses if the",
                "security table holds rules of others).",
                "This file owns the iptables security table (filter's twin on the same hooks,",
                "otherwise used only for SELinux labels): loading it replaces that table and",
                "touches no other. See it with: " + cmd + " -t security -S",
                "Mail through lo (a local MTA) is never blocked; --allow-uid exempts a uid.",
                "Blocked connections are dropped (REJECT exists only in the filter table)."),
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
    sb.append("*security\n");
    sb.append(':').append(OUT).append(" - [0:0]\n");
    sb.append(':').append(FWD).append(" - [0:0]\n");
    sb.append(':').append(IN).append(" - [0:0]\n");
    for (String hook : List.of("OUTPUT", "FORWARD", "INPUT")) {
      sb.append("-F ").append(hook).append('\n');
    }
    sb.append("-A OUTPUT -j ").append(OUT).append('\n');
    sb.append("-A FORWARD -j ").append(FWD).append('\n');
    sb.append("-A INPUT -j ").append(IN).append('\n');
    String ports = ports(plan);
    // mail to this host's own MTA (cron, monitoring) goes through lo: never blocked
    sb.append("-A ").append(OUT).append(" -o lo").append(comment("loopback: local mail"));
    sb.append(" -j RETURN\n");
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
    if (plan.scope() == BlockPlan.Scope.EVERYONE) {
      String why = plan.offenders().isEmpty() ? "blanket block" : "findings in the header";
      for (String chain : List.of(OUT, FWD)) {
        block(sb, chain, ports, "", "block port " + plan.portList() + ": " + why);
      }
    } else {
      for (Offender o : plan.blockedByUid()) {
        String who = o.service() + " " + (o.user() == null ? "unknown user" : o.user());
        block(sb, OUT, ports, " -m owner --uid-owner " + o.uid(), "block " + who);
      }
    }
    for (String client : plan.dropClients(v6)) {
      sb.append("-A ").append(IN).append(" -s ").append(client);
      sb.append(comment("client of " + clientOwner(plan, client))).append(" -j DROP\n");
    }
    sb.append("COMMIT\n");
    return sb.toString();
  }

  /** A rate-limited LOG (the next night's evidence of what was blocked), then the DROP. */
  private static void block(
      StringBuilder sb, String chain, String ports, String match, String why) {
    sb.append("-A ").append(chain).append(" -p tcp ").append(ports).append(match);
    sb.append(" -m conntrack --ctstate NEW -m limit --limit 10/minute --limit-burst 20");
    sb.append(" -j LOG --log-prefix \"").append(BlockPlan.LOG_PREFIX).append('"');
    sb.append(chain.equals(OUT) ? " --log-uid\n" : "\n");
    sb.append("-A ").append(chain).append(" -p tcp ").append(ports).append(match);
    sb.append(comment(why)).append(" -j DROP\n");
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
