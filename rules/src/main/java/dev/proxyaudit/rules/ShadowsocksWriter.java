package dev.proxyaudit.rules;

import java.util.List;

/**
 * Shadowsocks has no per-user port rules: its ACL lists addresses, not ports. A user is blocked by
 * netfilter instead: on the uid of the user's own ss-server process (Debian's
 * shadowsocks-libev-server@.service runs one instance per user, each with its own dynamic uid), or
 * by closing the user's server port. This file says so and gives the rules for each finding.
 */
public final class ShadowsocksWriter implements RuleWriter {
  @Override
  public String target() {
    return "shadowsocks";
  }

  @Override
  public String fileName() {
    return "shadowsocks.txt";
  }

  @Override
  public String render(BlockPlan plan) {
    List<String> header =
        Header.lines(
            plan,
            "per-user blocks for Shadowsocks users (read this; nothing here loads by itself)",
            List.of("Paste the rules below that you want, or use the iptables/nftables files."),
            List.of("As for the iptables/nftables files."));
    StringBuilder sb = new StringBuilder(Header.asComments(header, "#"));
    sb.append("#\n# Shadowsocks' ACL cannot express ports, so it cannot stop one user's mail.\n");
    sb.append("# Per user, netfilter can: by the uid of that user's own ss-server process, or\n");
    sb.append("# by closing that user's server port (which cuts them off entirely).\n");
    sb.append("# The iptables files already block the port for every user; these rules are for\n");
    sb.append("# a host without them, and last until the next load of those files.\n");
    boolean any = false;
    for (Offender o : plan.offenders()) {
      if (!"shadowsocks".equals(o.service())) {
        continue;
      }
      any = true;
      sb.append("\n# ").append(RuleText.comment(o.describe())).append('\n');
      if (o.uid() != null) {
        sb.append("# its connections came from uid ").append(o.uid());
        sb.append(": this blocks that uid, so first check that only this instance runs as it:\n");
        sb.append("#   ps -o uid,args -u ").append(o.uid()).append('\n');
      }
      for (String cmd : List.of("iptables", "ip6tables")) {
        if (o.uid() != null) {
          sb.append(cmd).append(" -t security -I OUTPUT 1 -p tcp ");
          sb.append(
              plan.ports().size() == 1
                  ? "--dport " + plan.portList()
                  : "-m multiport --dports " + plan.portList());
          sb.append(" -m owner --uid-owner ").append(o.uid()).append(" -j DROP\n");
        } else {
          sb.append(
              "# its ss-server uid is unknown (one process for several ports?); to close its port:\n");
        }
        if (o.serverPort() != null) {
          sb.append(o.uid() != null ? "# or close its port: " : "# ");
          sb.append(cmd).append(" -t security -I INPUT 1 -p tcp --dport ");
          sb.append(o.serverPort()).append(" -j DROP\n");
        }
      }
    }
    if (!any) {
      sb.append("\n# No Shadowsocks user was judged abusive.\n");
    }
    return sb.toString();
  }
}
