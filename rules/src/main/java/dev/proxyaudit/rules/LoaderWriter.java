package dev.proxyaudit.rules;

/**
 * A POSIX shell script that loads the iptables and ip6tables files: first it refuses when the
 * security table, which the files own ({@link IptablesWriter}), holds rules that are not
 * proxy-audit's; then it removes what earlier releases left in the filter table (jumps to the
 * proxy-audit chains there, and the chains); then it restores each file. Run it as often as you
 * like: the ruleset ends up the same.
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
    String out = IptablesWriter.OUT;
    String fwd = IptablesWriter.FWD;
    String in = IptablesWriter.IN;
    StringBuilder sb = new StringBuilder("#!/bin/sh\n");
    sb.append("# proxy-audit: load iptables.rules and ip6tables.rules from this folder.\n");
    sb.append("# ").append(Header.GENERATED).append(plan.generated()).append('\n');
    sb.append("# They own the security table: refuse if it holds rules of others.\n");
    sb.append("set -eu\n");
    sb.append("dir=$(dirname \"$0\")\n");
    sb.append("for cmd in iptables ip6tables; do\n");
    sb.append("  file=\"$dir/$cmd.rules\"\n");
    sb.append("  [ -f \"$file\" ] || continue\n");
    sb.append(
        "  others=$(\"$cmd\" -w -t security -S | grep -v -e '^-P ' -e 'PROXY-AUDIT-' || true)\n");
    sb.append("  if [ -n \"$others\" ]; then\n");
    sb.append(
        "    echo \"load-rules.sh: the $cmd security table has rules that are not proxy-audit's:\" >&2\n");
    sb.append("    echo \"$others\" >&2\n");
    sb.append("    echo \"load-rules.sh: nothing loaded (the file would replace them)\" >&2\n");
    sb.append("    exit 1\n");
    sb.append("  fi\n");
    sb.append("  # earlier releases put the chains in the filter table: take them out\n");
    sb.append("  for hook in OUTPUT:").append(out).append(" FORWARD:").append(fwd);
    sb.append(" INPUT:").append(in).append("; do\n");
    sb.append("    chain=${hook%%:*} target=${hook#*:}\n");
    sb.append(
        "    while \"$cmd\" -w -t filter -D \"$chain\" -j \"$target\" 2>/dev/null; do :; done\n");
    sb.append("    if \"$cmd\" -w -t filter -F \"$target\" 2>/dev/null; then\n");
    sb.append("      \"$cmd\" -w -t filter -X \"$target\"\n");
    sb.append("    fi\n");
    sb.append("  done\n");
    sb.append("  \"$cmd-restore\" < \"$file\"\n");
    sb.append("done\n");
    return sb.toString();
  }
}
