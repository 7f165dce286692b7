package dev.proxyaudit.analyzer.correlate;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Host names and the address each resolves to, learned from the logs themselves. Firmly from a dial
 * line that names both ("tcp:mx1.example.test:25 ... dial tcp 203.0.113.25:25") or a connection the
 * proxy named by its source port; or inferred when the joins by time of a name's lines keep finding
 * the same address ({@link #VOTES} more for it than against it): one such join may be a neighbour's
 * packet, a run of them is not. Holds at most {@link #MAX_NAMES}: a spam run to a million names
 * keeps the first ones.
 */
final class NameAddresses {
  static final int MAX_NAMES = 65_536;

  /** How many more joins by time must agree than disagree before a name's address is inferred. */
  static final int VOTES = 2;

  private final Map<String, Entry> entries = new HashMap<>();
  private final NameAddresses base; // a trial's book; null for a book of its own

  NameAddresses() {
    this(null);
  }

  private NameAddresses(NameAddresses base) {
    this.base = base;
  }

  /**
   * Every address each name was found to go to over a whole pass of the join, counted: a join of
   * the first lines of two new names in the same milliseconds can go either way, the rest of the
   * log cannot. {@link #settled} gives the next pass what the whole log says before its first line.
   */
  static final class Tally {
    /** Addresses counted per name at most: a round-robin name has a few, not hundreds. */
    static final int MAX_ADDRESSES = 16;

    private final Map<String, Map<String, Integer>> counts = new HashMap<>();

    /** One request for {@code name} went to {@code ip} (a dial line, or a join decided). */
    void add(String name, String ip) {
      if (name == null || ip == null || name.equals(ip)) {
        return;
      }
      String key = key(name);
      Map<String, Integer> c = counts.get(key);
      if (c == null) {
        if (counts.size() >= MAX_NAMES) {
          return;
        }
        c = new HashMap<>(4);
        counts.put(key, c);
      }
      if (c.size() < MAX_ADDRESSES || c.containsKey(ip)) {
        c.merge(ip, 1, Integer::sum);
      }
    }

    /**
     * A book that knows, for each name, the address most of its requests went to, when that leads
     * every other address by {@link #VOTES} or more (inferred, as a vote would).
     */
    NameAddresses settled() {
      NameAddresses book = new NameAddresses();
      counts.forEach(
          (key, c) -> {
            String best = null;
            int first = 0;
            int second = 0;
            for (Map.Entry<String, Integer> e : c.entrySet()) {
              int n = e.getValue();
              if (n > first) {
                second = first;
                first = n;
                best = e.getKey();
              } else {
                second = Math.max(second, n);
              }
            }
            if (first - second >= VOTES) { // a tie names no address

              Entry e = new Entry();
              e.candidate = best;
              e.lead = first - second;
              book.entries.put(key, e);
            }
          });
      return book;
    }
  }

  /**
   * A trial book: this one plus what {@link #learn} and {@link #vote} add to the trial only, to
   * join a batch again with what its own joins taught. Costs only the names it changes.
   */
  NameAddresses trial() {
    return new NameAddresses(this);
  }

  /** A book of its own that starts with what this one knows. */
  NameAddresses copy() {
    NameAddresses c = new NameAddresses();
    entries.forEach((k, e) -> c.entries.put(k, e.copy()));
    return c;
  }

  /** True when this trial gives a name it changed another address than {@code other} does. */
  boolean differsFrom(NameAddresses other) {
    for (String key : entries.keySet()) {
      if (!Objects.equals(address(key), other.address(key))) {
        return true;
      }
    }
    return false;
  }

  /** One name: its firm address, else the address its joins agree on (a majority vote). */
  private static final class Entry {
    String firm;
    String candidate;
    int lead;

    Entry copy() {
      Entry e = new Entry();
      e.firm = firm;
      e.candidate = candidate;
      e.lead = lead;
      return e;
    }
  }

  /** How a host name is keyed here (names are case-blind), or null for none. */
  static String key(String name) {
    return name == null ? null : name.toLowerCase(Locale.ROOT);
  }

  /** A dial line or an exact join says {@code name} went to {@code ip} (later pairs win). */
  void learn(String name, String ip) {
    Entry e = entry(name, ip);
    if (e != null) {
      e.firm = ip;
    }
  }

  /** A join by time gave a line for {@code name} a packet to {@code ip}. */
  void vote(String name, String ip) {
    Entry e = entry(name, ip);
    if (e == null || e.firm != null) {
      return;
    }
    if (ip.equals(e.candidate)) {
      e.lead++;
    } else if (e.lead > 0) {
      e.lead--;
    } else {
      e.candidate = ip;
      e.lead = 1;
    }
  }

  /**
   * The address of the name with {@code key} ({@link #key}, computed once per line: the join asks
   * for every candidate) and how it is known, or null.
   */
  Server known(String key) {
    Entry e = key == null ? null : entries.get(key);
    if (e == null && key != null && base != null) {
      e = base.entries.get(key);
    }
    if (e == null) {
      return null;
    }
    if (e.firm != null) {
      return new Server(e.firm, Server.Source.LEARNED);
    }
    return e.lead >= VOTES ? new Server(e.candidate, Server.Source.INFERRED) : null;
  }

  /** The address of the name with {@code key}, firm or inferred, or null. */
  String address(String key) {
    Server s = known(key);
    return s == null ? null : s.ip();
  }

  private Entry entry(String name, String ip) {
    if (name == null || ip == null || name.equals(ip)) {
      return null;
    }
    String key = key(name);
    Entry e = entries.get(key);
    if (e == null && base != null) {
      Entry b = base.entries.get(key);
      if (b != null || base.entries.size() + entries.size() < MAX_NAMES) {
        e = b == null ? new Entry() : b.copy(); // a trial never changes its base
        entries.put(key, e);
      }
    } else if (e == null && entries.size() < MAX_NAMES) {
      e = new Entry();
      entries.put(key, e);
    }
    return e;
  }
}
