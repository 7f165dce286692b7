package dev.proxyaudit.rules;

import java.util.ArrayList;
import java.util.List;

/** The comment block at the top of every rule file: what, when, why, how to load and keep. */
final class Header {
  /** Lines starting with this are left out when deciding whether a file changed. */
  static final String GENERATED = "Generated ";

  private Header() {}

  static List<String> lines(BlockPlan plan, String what, List<String> load, List<String> keep) {
    List<String> out = new ArrayList<>();
    out.add("proxy-audit: " + what);
    out.add(GENERATED + plan.generated() + " by: " + RuleText.comment(plan.command()));
    out.add("");
    if (plan.offenders().isEmpty()) {
      out.add("Findings: none (a blanket block of port(s) " + plan.portList() + ").");
    } else {
      out.add("Findings (users judged abusive):");
      for (Offender o : plan.offenders()) {
        out.add("  - " + RuleText.comment(o.describe()));
      }
    }
    if (plan.scope() == BlockPlan.Scope.OFFENDERS) {
      out.add("Scope: only the offenders' own processes; everyone else keeps the port(s):");
      for (Offender o : plan.offenders()) {
        String who = o.service() + " " + (o.user() == null ? "unknown user" : o.user());
        out.add(
            "  - "
                + RuleText.comment(who)
                + (o.uid() != null
                    ? ": blocked by its process's uid " + o.uid()
                    : ": NOT blocked here (no process of its own; V2Ray: v2ray-routing.json)"));
      }
    }
    if (!plan.allowUids().isEmpty()) {
      out.add(
          "Allowed uids: "
              + String.join(", ", plan.allowUids().stream().map(String::valueOf).toList()));
    }
    if (!plan.allowDestinations().isEmpty()) {
      out.add(
          "Allowed destinations: "
              + String.join(", ", plan.allowDestinations().stream().map(Cidr::toString).toList()));
    }
    if (!plan.neverBlock().isEmpty()) {
      out.add(
          "Never blocked: "
              + String.join(", ", plan.neverBlock().stream().map(Cidr::toString).toList()));
    }
    out.add("");
    if (plan.loadDir().equals(BlockPlan.DIR_PLACEHOLDER)) {
      out.add("DIR below: the folder this file was written to.");
    }
    out.add("Load it:");
    load.forEach(l -> out.add("  " + l));
    out.add("Keep it after a reboot:");
    keep.forEach(l -> out.add("  " + l));
    return out;
  }

  static String asComments(List<String> lines, String mark) {
    StringBuilder sb = new StringBuilder();
    for (String l : lines) {
      sb.append(l.isEmpty() ? mark : mark + " " + l).append('\n');
    }
    return sb.toString();
  }
}
