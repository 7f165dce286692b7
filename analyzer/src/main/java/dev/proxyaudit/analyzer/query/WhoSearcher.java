package dev.proxyaudit.analyzer.query;

import static dev.proxyaudit.analyzer.index.EventSchema.*;

import dev.proxyaudit.analyzer.event.Service;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;

/** Answers {@link WhoQuery} from the index: a filter on port and time, then a group-by. */
public final class WhoSearcher {
  private final IndexReader reader;

  public WhoSearcher(IndexReader reader) {
    this.reader = reader;
  }

  public WhoResult search(WhoQuery q) throws IOException {
    Map<List<String>, RowBuilder> rows = new LinkedHashMap<>();
    Map<Integer, KernelBuilder> kernel = new HashMap<>();
    IndexSearcher searcher = new IndexSearcher(reader);
    Weight weight =
        searcher.createWeight(searcher.rewrite(filter(q)), ScoreMode.COMPLETE_NO_SCORES, 1f);
    for (LeafReaderContext leaf : reader.leaves()) {
      Scorer scorer = weight.scorer(leaf);
      if (scorer == null) {
        continue;
      }
      Bits live = leaf.reader().getLiveDocs();
      LeafValues v = new LeafValues(leaf.reader());
      DocIdSetIterator it = scorer.iterator();
      for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
        if (live != null && !live.get(doc)) {
          continue;
        }
        if (Service.NETFILTER.id().equals(v.keyword(SERVICE, doc))) {
          kernelEvent(v, doc, kernel);
        } else {
          proxyEvent(v, doc, q.by(), rows);
        }
      }
    }
    List<WhoResult.Row> rowList = new ArrayList<>();
    rows.values().forEach(b -> rowList.add(b.build()));
    rowList.sort(
        Comparator.comparingLong(WhoResult.Row::connections)
            .reversed()
            .thenComparing(r -> String.valueOf(r.service()))
            .thenComparing(r -> String.valueOf(r.user()))
            .thenComparing(r -> String.valueOf(r.client())));
    List<WhoResult.KernelRow> kernelList = new ArrayList<>();
    kernel.values().forEach(b -> kernelList.add(b.build()));
    kernelList.sort(
        Comparator.comparingLong(WhoResult.KernelRow::packets)
            .reversed()
            .thenComparing(r -> r.uid() == null ? Long.MAX_VALUE : r.uid()));
    return new WhoResult(q, List.copyOf(rowList), List.copyOf(kernelList));
  }

  private static Query filter(WhoQuery q) {
    int[] ports = q.ports().stream().mapToInt(Integer::intValue).toArray();
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    b.add(IntField.newSetQuery(DESTINATION_PORT, ports), BooleanClause.Occur.FILTER);
    if (q.since() != null || q.until() != null) {
      long from = q.since() == null ? Long.MIN_VALUE : q.since().toEpochMilli();
      long to = q.until() == null ? Long.MAX_VALUE : q.until().toEpochMilli() - 1;
      b.add(LongField.newRangeQuery(TIMESTAMP, from, to), BooleanClause.Occur.FILTER);
    }
    return b.build();
  }

  private static void proxyEvent(
      LeafValues v, int doc, GroupBy by, Map<List<String>, RowBuilder> rows) throws IOException {
    String service = v.keyword(SERVICE, doc);
    String user = v.keyword(USER, doc);
    String client = v.keyword(SOURCE_IP, doc);
    if (client == null) {
      client = v.keyword(SOURCE_ADDRESS, doc);
    }
    String key2 = by == GroupBy.USER ? user : client;
    List<String> key = java.util.Arrays.asList(service, key2);
    RowBuilder b = rows.computeIfAbsent(key, k -> new RowBuilder(service, by, k.get(1)));
    b.add(
        user,
        client,
        destination(v, doc),
        v.number(DESTINATION_PORT, doc),
        v.number(TIMESTAMP, doc),
        v.keyword(DATASET, doc));
  }

  private static String destination(LeafValues v, int doc) throws IOException {
    String host = v.keyword(DESTINATION_DOMAIN, doc);
    if (host == null) {
      host = v.keyword(DESTINATION_IP, doc);
    }
    if (host == null) {
      host = v.keyword(DESTINATION_ADDRESS, doc);
    }
    return host + " " + v.number(DESTINATION_PORT, doc);
  }

  private static void kernelEvent(LeafValues v, int doc, Map<Integer, KernelBuilder> kernel)
      throws IOException {
    Long uid = v.number(UID, doc);
    Integer key = uid == null ? null : uid.intValue();
    KernelBuilder b = kernel.computeIfAbsent(key, KernelBuilder::new);
    String src = v.keyword(SOURCE_IP, doc);
    Long spt = v.number(SOURCE_PORT, doc);
    String dst = v.keyword(DESTINATION_IP, doc);
    Long dpt = v.number(DESTINATION_PORT, doc);
    b.packets++;
    b.connections.add(src + " " + spt + " " + dst + " " + dpt);
    b.sourcePorts.add(src + " " + spt);
    b.destinations.add(dst);
    Long t = v.number(TIMESTAMP, doc);
    if (t == null) {
      b.withoutTime++;
    } else {
      b.time(t);
    }
    String prefix = v.keyword(PREFIX, doc);
    if (prefix != null) {
      b.prefixes.add(prefix);
    }
    b.datasets.add(v.keyword(DATASET, doc));
  }

  /** Accumulates one proxy row. */
  private static final class RowBuilder {
    final String service;
    final GroupBy by;
    final String key;
    long connections;
    final Map<String, Long> clients = new HashMap<>();
    final Map<String, Long> users = new HashMap<>();
    final Set<String> destinations = new HashSet<>();
    final Map<Integer, Long> byPort = new TreeMap<>();
    final Set<String> datasets = new TreeSet<>();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;

    RowBuilder(String service, GroupBy by, String key) {
      this.service = service;
      this.by = by;
      this.key = key;
    }

    void add(String user, String client, String dest, Long port, Long time, String dataset) {
      connections++;
      if (client != null) {
        clients.merge(client, 1L, Long::sum);
      }
      if (user != null) {
        users.merge(user, 1L, Long::sum);
      }
      destinations.add(dest);
      if (port != null) {
        byPort.merge(port.intValue(), 1L, Long::sum);
      }
      if (time != null) {
        first = Math.min(first, time);
        last = Math.max(last, time);
      }
      if (dataset != null) {
        datasets.add(dataset);
      }
    }

    WhoResult.Row build() {
      return new WhoResult.Row(
          service,
          by == GroupBy.USER ? key : null,
          by == GroupBy.CLIENT ? key : null,
          byCount(clients),
          byCount(users),
          Map.copyOf(clients),
          Map.copyOf(users),
          connections,
          destinations.size(),
          Map.copyOf(byPort),
          first == Long.MAX_VALUE ? null : Instant.ofEpochMilli(first),
          last == Long.MIN_VALUE ? null : Instant.ofEpochMilli(last),
          List.copyOf(datasets));
    }
  }

  /** Accumulates one kernel row. */
  private static final class KernelBuilder {
    final Integer uid;
    long packets;
    long withoutTime;
    final Set<String> connections = new HashSet<>();
    final Set<String> sourcePorts = new HashSet<>();
    final Set<String> destinations = new HashSet<>();
    final Set<String> prefixes = new TreeSet<>();
    final Set<String> datasets = new TreeSet<>();
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;

    KernelBuilder(Integer uid) {
      this.uid = uid;
    }

    void time(long t) {
      first = Math.min(first, t);
      last = Math.max(last, t);
    }

    WhoResult.KernelRow build() {
      return new WhoResult.KernelRow(
          uid,
          packets,
          connections.size(),
          sourcePorts.size(),
          destinations.size(),
          first == Long.MAX_VALUE ? null : Instant.ofEpochMilli(first),
          last == Long.MIN_VALUE ? null : Instant.ofEpochMilli(last),
          withoutTime,
          List.copyOf(prefixes),
          List.copyOf(datasets));
    }
  }

  /** Keys sorted by count (descending), then by name. */
  private static List<String> byCount(Map<String, Long> counts) {
    List<String> keys = new ArrayList<>(counts.keySet());
    keys.sort(Comparator.<String>comparingLong(counts::get).reversed().thenComparing(k -> k));
    return List.copyOf(keys);
  }
}
