package dev.proxyaudit.analyzer.doctor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which TCP ports of interest have a logging rule of a kind reached from its hook: {@code -j LOG
 * --log-uid} on output ({@code log ... flags skuid} in {@code nft list ruleset}) for the mail
 * ports, any LOG or NFLOG rule on input for the proxies' own ports.
 */
final class LogRules {
  /** The mail ports, whose packets the uid-logging rule must cover. */
  static final List<Integer> WATCHED = List.of(25, 465, 587);

  /** What rule a port needs. */
  enum Want {
    /** Sent packets, logged with the sending socket's uid: which proxy dialled. */
    UID_ON_OUTPUT("OUTPUT", "output"),
    /** Packets coming in, logged any way (LOG, NFLOG): who connected to which server port. */
    ANY_ON_INPUT("INPUT", "input");

    private final String chain;
    private final String hook;

    Want(String chain, String hook) {
      this.chain = chain;
      this.hook = hook;
    }
  }

  private static final Pattern IPT_PORTS =
      Pattern.compile("(!\\s+)?--(?:dport|dports|destination-ports?)\\s+(\\S+)");
  private static final Pattern NFT_PORTS =
      Pattern.compile("(?:tcp|th) dport (!= )?(\\{[^}]*\\}|\\S+)");
  private static final Pattern JUMP = Pattern.compile("(?:-j|-g|jump|goto)\\s+(\\S+)");

  private LogRules() {}

  /** The watched ports an iptables-save (or ip6tables-save) dump logs with the uid. */
  static Set<Integer> iptables(String dump) {
    return iptables(dump, Want.UID_ON_OUTPUT, WATCHED);
  }

  /** The watched ports {@code nft list ruleset} logs with the uid, per family (ip, ip6). */
  static Map<String, Set<Integer>> nft(String ruleset) {
    return nft(ruleset, Want.UID_ON_OUTPUT, WATCHED);
  }

  /** The {@code ports} an iptables-save (or ip6tables-save) dump logs as {@code want} says. */
  static Set<Integer> iptables(String dump, Want want, Collection<Integer> ports) {
    RulePorts rule = r -> iptablesRule(r, want, ports);
    Map<String, List<String>> chains = new HashMap<>();
    Set<Integer> out = new HashSet<>();
    for (String line : dump.split("\n")) {
      if (line.startsWith("*")) {
        out.addAll(reached(chains, want.chain, rule));
        chains.clear();
      } else if (line.startsWith("-A ")) {
        String[] w = line.split("\\s+", 3);
        chains.computeIfAbsent(w[1], k -> new ArrayList<>()).add(w.length > 2 ? w[2] : "");
      }
    }
    out.addAll(reached(chains, want.chain, rule));
    return out;
  }

  /** The {@code ports} {@code nft list ruleset} logs as {@code want} says, per family (ip, ip6). */
  static Map<String, Set<Integer>> nft(String ruleset, Want want, Collection<Integer> ports) {
    RulePorts rule = r -> nftRule(r, want, ports);
    Map<String, Set<Integer>> out = new HashMap<>();
    out.put("ip", new HashSet<>());
    out.put("ip6", new HashSet<>());
    String family = "";
    String chain = "";
    Map<String, List<String>> chains = new HashMap<>();
    List<String> hookChains = new ArrayList<>();
    for (String raw : ruleset.split("\n")) {
      String line = raw.strip();
      if (line.startsWith("table ")) {
        flush(family, chains, hookChains, rule, out);
        family = line.split("\\s+")[1];
        chains = new HashMap<>();
        hookChains = new ArrayList<>();
      } else if (line.startsWith("chain ")) {
        chain = line.split("\\s+")[1];
        chains.put(chain, new ArrayList<>());
      } else if (line.startsWith("type filter hook " + want.hook + " ")
          || line.startsWith("type route hook " + want.hook + " ")) {
        hookChains.add(chain);
      } else if (!line.isEmpty() && !line.equals("}") && chains.containsKey(chain)) {
        chains.get(chain).add(line);
      }
    }
    flush(family, chains, hookChains, rule, out);
    return out;
  }

  private static void flush(
      String family,
      Map<String, List<String>> chains,
      List<String> hookChains,
      RulePorts rule,
      Map<String, Set<Integer>> out) {
    Set<Integer> ports = new HashSet<>();
    for (String c : hookChains) {
      ports.addAll(reached(chains, c, rule));
    }
    if (family.equals("ip") || family.equals("inet")) {
      out.get("ip").addAll(ports);
    }
    if (family.equals("ip6") || family.equals("inet")) {
      out.get("ip6").addAll(ports);
    }
  }

  private interface RulePorts {
    Set<Integer> ports(String rule);
  }

  private static Set<Integer> reached(
      Map<String, List<String>> chains, String start, RulePorts ports) {
    Set<Integer> out = new HashSet<>();
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>(List.of(start));
    while (!todo.isEmpty()) {
      String c = todo.pop();
      if (!seen.add(c) || !chains.containsKey(c)) {
        continue;
      }
      for (String rule : chains.get(c)) {
        out.addAll(ports.ports(rule));
        Matcher j = JUMP.matcher(rule);
        if (j.find()) {
          todo.push(j.group(1));
        }
      }
    }
    return out;
  }

  private static Set<Integer> iptablesRule(String rule, Want want, Collection<Integer> ports) {
    boolean logs =
        want == Want.UID_ON_OUTPUT
            ? rule.matches(".*-j LOG\\b.*") && rule.contains("--log-uid")
            : rule.matches(".*-j N?FLOG\\b.*");
    if (!logs || udpOnly(rule)) {
      return Set.of();
    }
    Matcher m = IPT_PORTS.matcher(rule);
    if (!m.find()) {
      return new HashSet<>(ports);
    }
    return m.group(1) != null ? Set.of() : portsIn(m.group(2).split(","), ":", ports);
  }

  private static Set<Integer> nftRule(String rule, Want want, Collection<Integer> ports) {
    boolean uid = rule.matches(".*\\bflags (skuid|all)\\b.*");
    boolean group = rule.matches(".*\\bgroup \\d+.*"); // NFLOG: ulogd's lines have no uid
    boolean logs = want != Want.UID_ON_OUTPUT || (uid && !group);
    if (!rule.matches(".*\\blog\\b.*") || !logs) {
      return Set.of();
    }
    if (rule.contains("udp dport") || rule.matches(".*l4proto udp\\b.*")) {
      return Set.of();
    }
    Matcher m = NFT_PORTS.matcher(rule);
    if (!m.find()) {
      return new HashSet<>(ports);
    }
    return m.group(1) != null
        ? Set.of()
        : portsIn(m.group(2).replaceAll("[{}\\s]", "").split(","), "-", ports);
  }

  private static boolean udpOnly(String rule) {
    return rule.matches(".*-p udp\\b.*");
  }

  /** The {@code ports} the items (ports, ranges, names) of a rule's port match cover. */
  private static Set<Integer> portsIn(String[] items, String rangeSep, Collection<Integer> ports) {
    Set<Integer> out = new HashSet<>();
    for (String item : items) {
      try {
        String[] r = item.split(Pattern.quote(rangeSep));
        int lo = r[0].isEmpty() ? 0 : Integer.parseInt(r[0]);
        int hi = r.length > 1 ? (r[1].isEmpty() ? 65535 : Integer.parseInt(r[1])) : lo;
        for (int p : ports) {
          if (p >= lo && p <= hi) {
            out.add(p);
          }
        }
      } catch (NumberFormatException e) {
        // a named service (smtp) or a set reference: not counted
        if (item.equals("smtp") && ports.contains(25)) {
          out.add(25);
        }
      }
    }
    return out;
  }
}
