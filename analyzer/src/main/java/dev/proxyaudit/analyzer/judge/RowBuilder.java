package dev.proxyaudit.analyzer.judge;

import dev.proxyaudit.analyzer.config.PortNames;
import dev.proxyaudit.analyzer.correlate.Correlator;
import dev.proxyaudit.analyzer.correlate.ProxyStatus;
import dev.proxyaudit.analyzer.event.Dataset;
import dev.proxyaudit.analyzer.event.Service;
import dev.proxyaudit.analyzer.query.GroupBy;
import dev.proxyaudit.analyzer.query.ProxyHit;
import dev.proxyaudit.rules.Ports;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One row of {@code who} as its lines come, in time order: counts, distinct sets by hash and the
 * judge's last hour, so its size does not grow with the row's connections.
 */
final class RowBuilder {
  /** Client addresses (or users of a client row) counted one by one; more are left out. */
  static final int MAX_NAMES = 100_000;

  private final RowKey key;
  private final Judge.Watched watched;
  // hash maps while counting, sorted when built: the JSON's byClient/byUser/byPort come out in
  // the same order on every run
  // a long[1] per name: one lookup per line, no boxed Long put back
  private final Map<String, long[]> clients = new HashMap<>();
  private final Map<String, long[]> users = new HashMap<>();
  private final DistinctCount destinations = new DistinctCount(); // servers
  private final DistinctCount destinationNames = new DistinctCount(); // as logged
  private final Map<Integer, Long> byPort = new HashMap<>();
  private final Set<Dataset> datasets = EnumSet.noneOf(Dataset.class);
  private final java.util.TreeSet<String> nodes = new java.util.TreeSet<>();
  private Dataset firstDataset;
  private long connections;
  private long first = Long.MAX_VALUE;
  private long last = Long.MIN_VALUE;
  private long confirmed;
  private long blocked;
  private long unconfirmed;

  private Integer senderUid;
  private boolean mixedUids;

  RowBuilder(RowKey key, Judge judge) {
    this.key = key;
    this.watched = judge.watched();
  }

  /**
   * One line of the row; {@code server} is the address it went to, null when no log tells it (its
   * name as logged then counts).
   */
  void add(ProxyHit h, ProxyStatus status, PortNames names, String server) {
    long t = h.hasTime() ? h.timeMillis() : Long.MIN_VALUE;
    add(h, status, names, server, 1, t, t, t);
  }

  /**
   * {@code n} lines alike but for their times (a bucket of a fleet's aggregation: one minute, one
   * server, one status...), the earliest at {@code first}, the latest at {@code last}, counted for
   * the limits at {@code minute} ({@link Long#MIN_VALUE} for the three: no wall-clock time).
   */
  void add(
      ProxyHit h,
      ProxyStatus status,
      PortNames names,
      String server,
      long n,
      long first,
      long last,
      long minute) {
    if (connections == 0) {
      firstDataset = h.dataset();
    }
    connections += n;
    if (h.client() != null) {
      count(clients, h.client(), n);
    }
    if (h.user() != null && key.user() == null) {
      count(users, names.label(h.service(), h.user()), n);
    }
    long named = Destination.hash(h);
    long toServer = server == null ? named : Destination.hash(server, h.port());
    destinations.add(toServer);
    destinationNames.add(named);
    byPort.merge(h.port(), n, Long::sum);
    datasets.add(h.dataset());
    if (first != Long.MIN_VALUE) {
      this.first = Math.min(this.first, first);
      this.last = Math.max(this.last, last);
    }
    switch (status) {
      case CONFIRMED -> confirmed += n;
      case BLOCKED -> blocked += n;
      case UNCONFIRMED -> unconfirmed += n;
    }
    watched.add(h.port(), minute, status, toServer, n);
  }

  /**
   * Widens the row's time span to {@code first}..{@code last} (a fleet's row-wide minimum and
   * maximum).
   */
  void span(long first, long last) {
    this.first = Math.min(this.first, first);
    this.last = Math.max(this.last, last);
  }

  /** The nodes of a fleet's row (none for a local one). */
  void node(String node) {
    if (nodes.size() < MAX_NAMES) {
      nodes.add(node);
    }
  }

  private static void count(Map<String, long[]> m, String name, long count) {
    long[] n = m.get(name);
    if (n != null) {
      n[0] += count;
    } else if (m.size() < MAX_NAMES) {
      m.put(name, new long[] {count});
    }
  }

  WhoResult.Row build(GroupBy by, Judge judge, PortNames names, Set<Integer> sharedUids) {
    String logged = key.user();
    String user = names.label(key.service(), logged);
    if (logged != null) {
      users.put(user, new long[] {connections}); // then every line names that user
    }
    Map<String, Long> byClient = sorted(clients);
    Map<String, Long> byUser = sorted(users);
    List<String> clientList = byCount(byClient);
    // the allow-list names users as logged
    Judgement j = judge.judge(logged, clientList, watched);
    String note = by.rowsAreUsers() && logged == null ? UnknownUser.why(firstDataset) : null;
    List<Dataset> sets = new ArrayList<>(datasets);
    sets.sort(Comparator.comparing(Dataset::id));
    return new WhoResult.Row(
        key.service(),
        user,
        serverPort(key.service(), logged),
        key.client(),
        clientList,
        byCount(byUser),
        byClient,
        byUser,
        connections,
        destinations.count(),
        destinations.approximate(),
        destinationNames.count(),
        destinationNames.approximate(),
        Collections.unmodifiableMap(new TreeMap<>(byPort)),
        first == Long.MAX_VALUE ? null : Instant.ofEpochMilli(first),
        last == Long.MIN_VALUE ? null : Instant.ofEpochMilli(last),
        List.copyOf(sets),
        confirmed,
        blocked,
        unconfirmed,
        j.verdict(),
        j.reasons(),
        note,
        senderUid != null && !mixedUids && !sharedUids.contains(senderUid) ? senderUid : null,
        List.copyOf(nodes));
  }

  /**
   * The uids of the sockets that sent a line's joined connections: a row whose connections all came
   * from one uid that sent no other row's ({@code sharedUids}) has a process of its own, which a
   * rule can block by uid (an ss-server instance per user, as Debian's DynamicUser units are).
   */
  void senders(List<Correlator.Link> links) {
    for (Correlator.Link l : links) {
      Integer uid = l.connection().uid();
      if (uid == null || (senderUid != null && !senderUid.equals(uid))) {
        mixedUids = true;
      } else {
        senderUid = uid;
      }
    }
  }

  Integer senderUid() {
    return mixedUids ? null : senderUid;
  }

  /** A shadowsocks-libev user is its server port. */
  private static Integer serverPort(Service service, String user) {
    if (service != Service.SHADOWSOCKS || user == null) {
      return null;
    }
    int p = Ports.parse(user);
    return p > 0 ? p : null;
  }

  /** The counts by name, in name order (the JSON's order on every run). */
  private static Map<String, Long> sorted(Map<String, long[]> counts) {
    Map<String, Long> out = new TreeMap<>();
    counts.forEach((k, v) -> out.put(k, v[0]));
    return Collections.unmodifiableMap(out);
  }

  /** Keys sorted by count (descending), then by name. */
  private static List<String> byCount(Map<String, Long> counts) {
    List<Map.Entry<String, Long>> entries = new ArrayList<>(counts.entrySet());
    entries.sort(
        (a, b) -> {
          int c = Long.compare(b.getValue(), a.getValue());
          return c != 0 ? c : a.getKey().compareTo(b.getKey());
        });
    String[] keys = new String[entries.size()];
    for (int i = 0; i < keys.length; i++) {
      keys[i] = entries.get(i).getKey();
    }
    return List.of(keys);
  }
}
