package dev.proxyaudit.analyzer.doctor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which watched TCP ports have a uid-logging rule reached from the output hook: {@code -j LOG
 * --log-uid} in an iptables-save dump, {@code log ... flags skuid} in {@code nft list ruleset}.
 */
final class UidLogRules {
  static final List<Integer> WATCHED = List.of(25, 465, 587);

  private static final Pattern IPT_PORTS =
      Pattern.compile("(!\\s+)?--(?:dport|dports|destination-ports?)\\s+(\\S+)");
  private static final Pattern NFT_PORTS =
      Pattern.compile("(?:tcp|th) dport (!= )?(\\{[^}]*\\}|\\S+)");
  private static final Pattern JUMP = Pattern.compile("(?:-j|-g|jump|goto)\\s+(\\S+)");

  private UidLogRules() {}

  /** The watched ports an iptables-save (or ip6tables-save) dump logs with the uid. */
  static Set<Integer> iptables(String dump) {
    Map<String, List<String>> chains = new HashMap<>();
    Set<Integer> out = new HashSet<>();
    for (String line : dump.split("\n")) {
      if (line.startsWith("*")) {
        out.addAll(reached(chains, "OUTPUT", UidLogRules::iptablesRule));
        chains.clear();
      } else if (line.startsWith("-A ")) {
        String[] w = line.split("\\s+", 3);
        chains.computeIfAbsent(w[1], k -> new ArrayList<>()).add(w.length > 2 ? w[2] : "");
      }
    }
    out.addAll(reached(chains, "OUTPUT", UidLogRules::iptablesRule));
    return out;
  }

  /** The watched ports {@code nft list ruleset} logs with the uid, per family (ip, ip6). */
  static Map<String, Set<Integer>> nft(String ruleset) {
    Map<String, Set<Integer>> out = new HashMap<>();
    out.put("ip", new HashSet<>());
    out.put("ip6", new HashSet<>());
    String family = "";
    String chain = "";
    Map<String, List<String>> chains = new HashMap<>();
    List<String> outputChains = new ArrayList<>();
    for (String raw : ruleset.split("\n")) {
      String line = raw.strip();
      if (line.startsWith("table ")) {
        flush(family, chains, outputChains, out);
        family = line.split("\\s+")[1];
        chains = new HashMap<>();
        outputChains = new ArrayList<>();
      } else if (line.startsWith("chain ")) {
        chain = line.split("\\s+")[1];
        chains.put(chain, new ArrayList<>());
      } else if (line.startsWith("type filter hook output")
          || line.startsWith("type route hook output")) {
        outputChains.add(chain);
      } else if (!line.isEmpty() && !line.equals("}") && chains.containsKey(chain)) {
        chains.get(chain).add(line);
      }
    }
    flush(family, chains, outputChains, out);
    return out;
  }

  private static void flush(
      String family,
      Map<String, List<String>> chains,
      List<String> outputChains,
      Map<String, Set<Integer>> out) {
    Set<Integer> ports = new HashSet<>();
    for (String c : outputChains) {
      ports.addAll(reached(chains, c, UidLogRules::nftRule));
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

  private static Set<Integer> iptablesRule(String rule) {
    if (!rule.matches(".*-j LOG\\b.*") || !rule.contains("--log-uid") || udpOnly(rule)) {
      return Set.of();
    }
    Matcher m = IPT_PORTS.matcher(rule);
    if (!m.find()) {
      return new HashSet<>(WATCHED);
    }
    return m.group(1) != null ? Set.of() : watchedIn(m.group(2).split(","), ":");
  }

  private static Set<Integer> nftRule(String rule) {
    boolean uid = rule.matches(".*\\bflags (skuid|all)\\b.*");
    if (!rule.matches(".*\\blog\\b.*") || !uid || rule.matches(".*\\bgroup \\d+.*")) {
      return Set.of();
    }
    if (rule.contains("udp dport") || rule.matches(".*l4proto udp\\b.*")) {
      return Set.of();
    }
    Matcher m = NFT_PORTS.matcher(rule);
    if (!m.find()) {
      return new HashSet<>(WATCHED);
    }
    return m.group(1) != null
        ? Set.of()
        : watchedIn(m.group(2).replaceAll("[{}\\s]", "").split(","), "-");
  }

  private static boolean udpOnly(String rule) {
    return rule.matches(".*-p udp\\b.*");
  }

  private static Set<Integer> watchedIn(String[] items, String rangeSep) {
    Set<Integer> out = new HashSet<>();
    for (String item : items) {
      try {
        String[] r = item.split(Pattern.quote(rangeSep));
        int lo = r[0].isEmpty() ? 0 : Integer.parseInt(r[0]);
        int hi = r.length > 1 ? (r[1].isEmpty() ? 65535 : Integer.parseInt(r[1])) : lo;
        for (int p : WATCHED) {
          if (p >= lo && p <= hi) {
            out.add(p);
          }
        }
      } catch (NumberFormatException e) {
        // a named service (smtp) or a set reference: not counted
        if (item.equals("smtp")) {
          out.add(25);
        }
      }
    }
    return out;
  }
}
