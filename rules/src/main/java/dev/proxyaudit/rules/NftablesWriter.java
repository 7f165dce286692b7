package dev.proxyaudit.rules;

import java.util.List;

/**
 * An {@code nft -f} file with one {@code inet} table (IPv4 and IPv6) of its own, replaced
 * atomically: "create if missing, delete, define" in one transaction, so loading it again gives the
 * same ruleset and no other table is touched.
 */
public final class NftablesWriter implements RuleWriter {
  public static final String TABLE = "proxy_audit";

  /** The table audit doctor tells operators to create for their LOG rule: never this file's. */
  public static final String LOG_TABLE = "proxy_audit_log";

  @Override
  public String target() {
    return "nftables";
  }

  @Override
  public String fileName() {
    return "nftables.nft";
  }

  @Override
  public String render(BlockPlan plan) {
    List<String> header =
        Header.lines(
            plan,
            "block outgoing TCP to port(s) " + plan.portList() + " (IPv4 and IPv6, nftables)",
            List.of(
                "nft -f " + plan.loadPath(fileName()),
                "Loading again replaces table inet " + TABLE + " (proxy-audit's own: put no",
                "rule of yours in it; audit doctor's LOG advice uses table inet "
                    + LOG_TABLE
                    + ");",
                "no other table is touched. Mail through lo (a local MTA) is never blocked."),
            List.of(
                "Debian/Ubuntu/RHEL (nftables.service loads /etc/nftables.conf at boot): add",
                "  include \"" + plan.loadPath(fileName()) + "\"",
                "  at the end of /etc/nftables.conf (after its 'flush ruleset'), and",
                "  systemctl enable nftables"));
    StringBuilder sb = new StringBuilder(Header.asComments(header, "#"));
    String ports =
        "tcp dport { "
            + String.join(", ", plan.ports().stream().map(String::valueOf).toList())
            + " }";
    sb.append("table inet ").append(TABLE).append('\n');
    sb.append("delete table inet ").append(TABLE).append('\n');
    sb.append("table inet ").append(TABLE).append(" {\n");
    String why = plan.offenders().isEmpty() ? "blanket block" : "findings in the header";
    for (String hook : List.of("output", "forward")) {
      sb.append("\tchain ").append(hook).append(" {\n");
      sb.append("\t\ttype filter hook ").append(hook).append(" priority filter; policy accept;\n");
      if (hook.equals("output")) {
        sb.append("\t\toifname \"lo\" return").append(comment("loopback: local mail")).append('\n');
      }
      for (Cidr d : plan.allowDestinations()) {
        sb.append("\t\t").append(ports).append(d.v6() ? " ip6" : " ip").append(" daddr ").append(d);
        sb.append(" return").append(comment("allowed destination " + d)).append('\n');
      }
      if (hook.equals("output")) {
        for (int uid : plan.allowUids()) {
          sb.append("\t\t").append(ports).append(" meta skuid ").append(uid);
          sb.append(" return").append(comment("allowed uid " + uid)).append('\n');
        }
      }
      if (plan.scope() == BlockPlan.Scope.EVERYONE) {
        block(sb, hook, ports, "", "block port " + plan.portList() + ": " + why);
      } else if (hook.equals("output")) {
        for (Offender o : plan.blockedByUid()) {
          String who = o.service() + " " + (o.user() == null ? "unknown user" : o.user());
          block(sb, hook, ports, " meta skuid " + o.uid(), "block " + who);
        }
      }
      sb.append("\t}\n");
    }
    sb.append("\tchain input {\n");
    sb.append("\t\ttype filter hook input priority filter; policy accept;\n");
    for (boolean v6 : new boolean[] {false, true}) {
      for (String client : plan.dropClients(v6)) {
        sb.append("\t\t")
            .append(v6 ? "ip6" : "ip")
            .append(" saddr ")
            .append(client)
            .append(" drop");
        sb.append(comment("client of " + IptablesWriter.clientOwner(plan, client))).append('\n');
      }
    }
    sb.append("\t}\n");
    sb.append("}\n");
    return sb.toString();
  }

  /** A rate-limited log (the next night's evidence of what was blocked), then the reject. */
  private static void block(StringBuilder sb, String hook, String ports, String match, String why) {
    sb.append("\t\t").append(ports).append(match);
    sb.append(" ct state new limit rate 10/minute burst 20 packets");
    sb.append(" log prefix \"").append(BlockPlan.LOG_PREFIX).append('"');
    sb.append(hook.equals("output") ? " flags skuid\n" : "\n");
    sb.append("\t\t").append(ports).append(match).append(" reject with tcp reset");
    sb.append(comment(why)).append('\n');
  }

  private static String comment(String text) {
    return " comment \"proxy-audit: " + RuleText.comment(text) + "\"";
  }
}
