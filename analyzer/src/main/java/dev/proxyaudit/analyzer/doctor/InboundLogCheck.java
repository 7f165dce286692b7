package dev.proxyaudit.analyzer.doctor;

import dev.proxyaudit.rules.NftablesWriter;
import dev.proxyaudit.rules.Ports;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finding: no LOG or NFLOG rule on input for the Shadowsocks server ports. shadowsocks-libev never
 * logs a TCP client's address, and the Python server and shadowsocks-rust never log the server port
 * (the user): the kernel's line of each connection coming in is what {@code who} joins to their
 * lines to name the one they leave out.
 */
final class InboundLogCheck implements Check {
  static final String ID = "netfilter-no-inbound-log";

  @Override
  public List<Finding> check(HostState host) {
    Set<Integer> ports = serverPorts(host);
    if (ports.isEmpty()
        || (host.iptables().isEmpty() && host.ip6tables().isEmpty() && host.nft().isEmpty())) {
      return List.of(); // nothing to cover, or nothing known of netfilter (said as not checked)
    }
    Set<Integer> logged = new TreeSet<>();
    host.iptables()
        .ifPresent(
            f -> logged.addAll(LogRules.iptables(f.text(), LogRules.Want.ANY_ON_INPUT, ports)));
    host.ip6tables()
        .ifPresent(
            f -> logged.addAll(LogRules.iptables(f.text(), LogRules.Want.ANY_ON_INPUT, ports)));
    host.nft()
        .ifPresent(
            f -> {
              Map<String, Set<Integer>> nft =
                  LogRules.nft(f.text(), LogRules.Want.ANY_ON_INPUT, ports);
              nft.values().forEach(logged::addAll);
            });
    List<Integer> missing = new ArrayList<>();
    for (int p : ports) {
      if (!logged.contains(p)) {
        missing.add(p);
      }
    }
    if (missing.isEmpty()) {
      return List.of();
    }
    String where =
        host.iptables().or(host::ip6tables).or(host::nft).map(SourceFile::name).orElse("netfilter");
    return List.of(
        new Finding(
            ID,
            Severity.SHOULD_FIX,
            where,
            0,
            "no LOG or NFLOG rule on INPUT for the Shadowsocks server port "
                + Coverage.ports(missing),
            "shadowsocks-libev never logs a TCP client's address (the Python server and"
                + " shadowsocks-rust never log the server port, the user); the kernel's line of"
                + " each connection coming in is what names it (one line per connection to these"
                + " ports).",
            fix(missing)));
  }

  /** The server ports of the Shadowsocks configs doctor read. */
  static Set<Integer> serverPorts(HostState host) {
    Set<Integer> out = new TreeSet<>();
    for (SourceFile f : host.shadowsocksConfigs()) {
      JsonTree.Node root;
      try {
        root = JsonTree.parse(f.text());
      } catch (IOException | RuntimeException e) {
        continue; // ShadowsocksCheck reports it
      }
      add(out, root.get("server_port").text());
      root.get("port_password").keys().forEach(k -> add(out, k));
    }
    return out;
  }

  private static void add(Set<Integer> out, String port) {
    int p = port == null ? -1 : Ports.parse(port);
    if (p > 0) {
      out.add(p);
    }
  }

  /** The lines to paste: both families, or one nftables table. */
  static String fix(List<Integer> ports) {
    String match =
        ports.size() == 1
            ? "-m tcp --dport " + ports.get(0)
            : "-m multiport --dports " + Coverage.ports(ports);
    String t = "inet " + NftablesWriter.LOG_TABLE;
    String nftPorts =
        ports.size() == 1
            ? String.valueOf(ports.get(0))
            : "'{ " + Coverage.ports(ports).replace(",", ", ") + " }'";
    return "iptables -I INPUT -p tcp --syn "
        + match
        + " -m conntrack --ctstate NEW -j LOG --log-prefix \"PA-IN-PROXY: \"\n"
        + "ip6tables -I INPUT -p tcp --syn "
        + match
        + " -m conntrack --ctstate NEW -j LOG --log-prefix \"PA6-IN-PROXY: \"\n"
        + "# or, with nftables instead:\n"
        + "nft add table "
        + t
        + "\nnft add chain "
        + t
        + " in '{ type filter hook input priority filter - 10; policy accept; }'\n"
        + "nft add rule "
        + t
        + " in tcp dport "
        + nftPorts
        + " ct state new log prefix '\"PA-IN-PROXY: \"'\n"
        + "# then keep it over a reboot: netfilter-persistent save (iptables) or add it to"
        + " /etc/nftables.conf (nft)";
  }
}
