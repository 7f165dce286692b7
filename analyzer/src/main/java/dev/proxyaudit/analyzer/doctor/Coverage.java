package dev.proxyaudit.analyzer.doctor;

import dev.proxyaudit.rules.NftablesWriter;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The watched ports logged with the uid, per family; a family is empty (unknown) when neither its
 * iptables dump nor nft could be read.
 */
record Coverage(
    Optional<Set<Integer>> v4, Optional<Set<Integer>> v6, String v4From, String v6From) {

  static Coverage of(HostState host) {
    Map<String, Set<Integer>> nft = host.nft().map(f -> LogRules.nft(f.text())).orElse(null);
    return new Coverage(
        family(host.iptables().map(SourceFile::text), nft == null ? null : nft.get("ip")),
        family(host.ip6tables().map(SourceFile::text), nft == null ? null : nft.get("ip6")),
        from(host.iptables(), host.nft()),
        from(host.ip6tables(), host.nft()));
  }

  private static Optional<Set<Integer>> family(Optional<String> dump, Set<Integer> nft) {
    if (dump.isEmpty() && nft == null) {
      return Optional.empty();
    }
    Set<Integer> s = new HashSet<>(dump.map(LogRules::iptables).orElse(Set.of()));
    if (nft != null) {
      s.addAll(nft);
    }
    return Optional.of(s);
  }

  private static String from(Optional<SourceFile> dump, Optional<SourceFile> nft) {
    return Optional.ofNullable(
            dump.map(SourceFile::name).orElse(null) == null
                ? nft.map(SourceFile::name).orElse(null)
                : dump.get().name() + nft.map(n -> " + " + n.name()).orElse(""))
        .orElse("netfilter");
  }

  static String ports(List<Integer> ports) {
    return ports.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  /** The lines to paste for these families ("ip", "ip6" or both) and these ports. */
  static String fix(List<String> families, List<Integer> ports) {
    String match =
        ports.size() == 1
            ? "-m tcp --dport " + ports.get(0)
            : "-m multiport --dports " + ports(ports);
    StringBuilder sb = new StringBuilder();
    for (String family : families) {
      boolean v4 = family.equals("ip");
      sb.append(v4 ? "iptables" : "ip6tables")
          .append(" -I OUTPUT -p tcp ")
          .append(match)
          .append(" -m conntrack --ctstate NEW -j LOG --log-prefix \"")
          .append(v4 ? "PA-SMTP-OUT: " : "PA6-SMTP-OUT: ")
          .append("\" --log-uid\n");
    }
    String nftFamily = families.size() == 2 ? "inet" : families.get(0);
    // never the rules file's own table, which each load replaces
    String table = NftablesWriter.LOG_TABLE + (nftFamily.equals("ip6") ? "6" : "");
    String nftPorts =
        ports.size() == 1
            ? String.valueOf(ports.get(0))
            : "'{ " + ports.stream().map(String::valueOf).collect(Collectors.joining(", ")) + " }'";
    String t = nftFamily + " " + table;
    return sb.append("# or, with nftables instead:\n")
        .append("nft add table ")
        .append(t)
        .append("\nnft add chain ")
        .append(t)
        .append(" out '{ type filter hook output priority filter - 10; policy accept; }'\n")
        .append("nft add rule ")
        .append(t)
        .append(" out tcp dport ")
        .append(nftPorts)
        .append(" ct state new log prefix '\"PA-SMTP-OUT: \"' flags skuid\n")
        .append("# then keep it over a reboot: netfilter-persistent save (iptables) or add it to")
        .append(" /etc/nftables.conf (nft)")
        .toString();
  }
}
