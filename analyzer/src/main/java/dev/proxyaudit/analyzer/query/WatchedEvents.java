package dev.proxyaudit.analyzer.query;

import static dev.proxyaudit.analyzer.index.EventSchema.DESTINATION_PORT;
import static dev.proxyaudit.analyzer.index.EventSchema.SESSION;
import static dev.proxyaudit.analyzer.index.EventSchema.TIMESTAMP;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.LongPoint;
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

/**
 * The events for the watched ports in a time range, loaded into memory as small records: the
 * proxies' access lines and the kernel's packet lines, each sorted by time.
 *
 * <p>Only watched-port events are loaded (a small share of a server's traffic, and what the
 * correlation needs side by side); everything else stays in the index.
 */
public record WatchedEvents(List<ProxyHit> proxies, List<KernelHit> kernel, List<DialHit> dials) {

  public WatchedEvents(List<ProxyHit> proxies, List<KernelHit> kernel) {
    this(proxies, kernel, List.of());
  }

  public static WatchedEvents load(IndexReader reader, WhoQuery q) throws IOException {
    List<ProxyHit> proxies = new ArrayList<>();
    List<KernelHit> kernel = new ArrayList<>();
    List<DialHit> dials = new ArrayList<>();
    IndexSearcher searcher = new IndexSearcher(reader);
    Weight weight =
        searcher.createWeight(searcher.rewrite(filter(q)), ScoreMode.COMPLETE_NO_SCORES, 1f);
    for (LeafReaderContext leaf : reader.leaves()) {
      Scorer scorer = weight.scorer(leaf);
      if (scorer != null) {
        int[] docs = matches(scorer.iterator(), leaf.reader().getLiveDocs());
        new LeafHits(leaf, docs).addTo(proxies, kernel, dials);
      }
    }
    proxies.sort(
        (a, b) -> {
          int c = Long.compare(a.timeMillis(), b.timeMillis());
          return c != 0 ? c : Integer.compare(a.doc(), b.doc());
        });
    kernel.sort(Comparator.comparingLong(KernelHit::timeMillis).thenComparingInt(KernelHit::doc));
    dials.sort(Comparator.comparingLong(DialHit::timeMillis).thenComparingInt(DialHit::doc));
    return new WatchedEvents(List.copyOf(proxies), List.copyOf(kernel), List.copyOf(dials));
  }

  /** The oldest and newest event time among the loaded events. */
  public record Span(java.time.Instant oldest, java.time.Instant newest) {}

  /** The time span of the events that have a time, or null when none has. */
  public Span span() {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (ProxyHit p : proxies) {
      if (p.hasTime()) {
        min = Math.min(min, p.timeMillis());
        max = Math.max(max, p.timeMillis());
      }
    }
    for (KernelHit k : kernel) {
      if (k.hasTime()) {
        min = Math.min(min, k.timeMillis());
        max = Math.max(max, k.timeMillis());
      }
    }
    return min == Long.MAX_VALUE
        ? null
        : new Span(java.time.Instant.ofEpochMilli(min), java.time.Instant.ofEpochMilli(max));
  }

  /** The live documents of {@code it}, in increasing order. */
  private static int[] matches(DocIdSetIterator it, Bits live) throws IOException {
    int[] docs = new int[64];
    int n = 0;
    for (int doc = it.nextDoc(); doc != DocIdSetIterator.NO_MORE_DOCS; doc = it.nextDoc()) {
      if (live == null || live.get(doc)) {
        if (n == docs.length) {
          docs = Arrays.copyOf(docs, n * 2);
        }
        docs[n++] = doc;
      }
    }
    return Arrays.copyOf(docs, n);
  }

  static Query filter(WhoQuery q) {
    int[] ports = q.ports().stream().mapToInt(Integer::intValue).toArray();
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    b.add(IntField.newSetQuery(DESTINATION_PORT, ports), BooleanClause.Occur.FILTER);
    if (q.since() != null || q.until() != null) {
      long from = q.since() == null ? Long.MIN_VALUE : q.since().toEpochMilli();
      long to = q.until() == null ? Long.MAX_VALUE : q.until().toEpochMilli() - 1;
      b.add(LongField.newRangeQuery(TIMESTAMP, from, to), BooleanClause.Occur.FILTER);
    }
    if (q.afterSession() >= 0) {
      b.add(
          LongPoint.newRangeQuery(SESSION, q.afterSession() + 1, Long.MAX_VALUE),
          BooleanClause.Occur.FILTER);
    }
    return b.build();
  }
}
