package dev.proxyaudit.rules;

/** Renders a {@link BlockPlan} in one target's language. */
public interface RuleWriter {
  /** The --target name: iptables, ip6tables, nftables, v2ray, shadowsocks. */
  String target();

  /** The file written under --out. */
  String fileName();

  /** The whole file. Pure: the same plan gives the same text. */
  String render(BlockPlan plan);
}
