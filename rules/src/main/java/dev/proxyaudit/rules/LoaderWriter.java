package dev.proxyaudit.rules;

/**
 * A POSIX shell script that loads the iptables and ip6tables files idempotently: each jump to the
 * proxy-audit chains is added only when missing ({@code -C}), then the chains are restored with
 * {@code --noflush}. Run it as often as you like: the ruleset ends up the same.
 */
public final class LoaderWriter implements RuleWriter {
  public static final String FILE = "load-rules.sh";

  @Override
  public String target() {
    return "loader";
  }

  @Override
  public String fileName() {
    return FILE;
  }

  @Override
  public String render(BlockPlan plan) {
    StringBuilder sb = new StringBuilder("#!/bin/sh\n");
    sb.append("# proxy-audit: load iptables.rules and ip6tables.rules from this folder.\n");
    sb.append("# ").append(Header.GENERATED).append(plan.generated()).append('\n');
    // The restore must come first: it creates the chains, and a jump to a missing chain fails.
    sb.append(
        "# Creates or refills the proxy-audit chains with iptables-restore --noflush, then\n");
    sb.append("# adds each jump to them once (iptables -C finds it next time).\n");
    sb.append("set -eu\n");
    sb.append("dir=$(dirname \"$0\")\n");
    sb.append("for cmd in iptables ip6tables; do\n");
    sb.append("  file=\"$dir/$cmd.rules\"\n");
    sb.append("  [ -f \"$file\" ] || continue\n");
    sb.append("  \"$cmd-restore\" --noflush < \"$file\"\n");
    sb.append("  for hook in OUTPUT:").append(IptablesWriter.OUT);
    sb.append(" FORWARD:").append(IptablesWriter.FWD);
    sb.append(" INPUT:").append(IptablesWriter.IN).append("; do\n");
    sb.append("    chain=${hook%%:*} target=${hook#*:}\n");
    sb.append("    \"$cmd\" -w -C \"$chain\" -j \"$target\" 2>/dev/null ||");
    sb.append(" \"$cmd\" -w -I \"$chain\" 1 -j \"$target\"\n");
    sb.append("  done\n");
    sb.append("done\n");
    return sb.toString();
  }
}
