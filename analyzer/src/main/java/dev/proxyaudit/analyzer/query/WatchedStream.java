package dev.proxyaudit.analyzer.query;

import static dev.proxyaudit.analyzer.index.EventSchema.DESTINATION_PORT;
import static dev.proxyaudit.analyzer.index.EventSchema.SESSION;
import static dev.proxyaudit.analyzer.index.EventSchema.TIMESTAMP;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.FieldExistsQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;
import org.apache.lucene.util.Bits;

/**
 * The watched-port events of a question, handed on in time order (equal times: by document id), a
 * slice of time at a time: memory holds one slice of at most about {@link #SLICE} events, whatever
 * the size of the incident. Events without a wall-clock time come first, in document order.
 */
public final class WatchedStream {
  /** Events per slice the reader aims at: a few MB of records. */
  static final int SLICE = 50_000;

  private static final Comparator<WatchedHit> TIME_ORDER =
      Comparator.comparingLong(WatchedHit::timeMillis).thenComparingInt(WatchedHit::doc);

  private final IndexReader reader;
  private final IndexSearcher searcher;
  private final Query filter;
  private final WhoQuery q;

  private WatchedStream(IndexReader reader, WhoQuery q, InboundContext context) {
    this.reader = reader;
    this.searcher = new IndexSearcher(reader);
    this.searcher.setQueryCache(null); // each slice is asked once
    this.filter = context == null ? filter(q) : either(filter(q), context.clause());
    this.q = q;
  }

  /** Hands every watched event of {@code q} to {@code sink}, in time order. */
  public static void read(IndexReader reader, WhoQuery q, Consumer<WatchedHit> sink)
      throws IOException {
    read(reader, q, null, sink);
  }

  /**
   * Hands every watched event of {@code q}, and every event {@code context} matches ({@link
   * InboundContext}; null: none), to {@code sink}, in one time order.
   */
  public static void read(
      IndexReader reader, WhoQuery q, InboundContext context, Consumer<WatchedHit> sink)
      throws IOException {
    new WatchedStream(reader, q, context).run(sink);
  }

  private static Query either(Query a, Query b) {
    BooleanQuery.Builder or = new BooleanQuery.Builder();
    or.add(a, BooleanClause.Occur.SHOULD);
    or.add(b, BooleanClause.Occur.SHOULD);
    return or.build();
  }

  private void run(Consumer<WatchedHit> sink) throws IOException {
    if (q.since() == null && q.until() == null) {
      untimed(sink); // a time range leaves out what has no time
    }
    long[] span = QueryIndex.span(reader);
    if (span == null) {
      return;
    }
    long from = q.since() == null ? span[0] : Math.max(span[0], q.since().toEpochMilli());
    long end = q.until() == null ? span[1] + 1 : Math.min(span[1] + 1, q.until().toEpochMilli());
    if (from >= end) {
      return;
    }
    long total = count(from, end);
    if (total == 0) {
      return;
    }
    // a first width that would hold SLICE events if they were spread evenly; then adapt
    long width = Math.max(1, (long) ((double) (end - from) * SLICE / total));
    long t = from;
    while (t < end) {
      long stop = t + Math.min(width, end - t);
      long n = count(t, stop);
      while (n > 2L * SLICE && stop - t > 1) {
        width = Math.max(1, (stop - t) / 2);
        stop = t + width;
        n = count(t, stop);
      }
      if (n > 0) {
        emit(slice(timeRange(t, stop)), sink);
      }
      if (n < SLICE / 4 && width < Long.MAX_VALUE / 4) {
        width *= 2;
      }
      t = stop;
    }
  }

  /** Events known only by kernel uptime (or with no time at all), in document order. */
  private void untimed(Consumer<WatchedHit> sink) throws IOException {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    b.add(filter, BooleanClause.Occur.FILTER);
    b.add(new FieldExistsQuery(TIMESTAMP), BooleanClause.Occur.MUST_NOT);
    Weight w = weight(b.build());
    for (LeafReaderContext leaf : reader.leaves()) {
      Scorer scorer = w.scorer(leaf);
      if (scorer == null) {
        continue;
      }
      Bits live = leaf.reader().getLiveDocs();
      DocIdSetIterator it = scorer.iterator();
      int[] docs = new int[SLICE];
      int n = 0;
      for (int doc = it.nextDoc(); ; doc = it.nextDoc()) {
        boolean done = doc == DocIdSetIterator.NO_MORE_DOCS;
        if (!done && (live == null || live.get(doc))) {
          docs[n++] = doc;
        }
        if (n == docs.length || (done && n > 0)) {
          // the chunk's own order: proxies, kernel, dials; documents in order within each
          List<WatchedHit> hits = new ArrayList<>(n);
          new LeafHits(leaf, Arrays.copyOf(docs, n)).addTo(hits);
          hits.sort(Comparator.comparingInt(WatchedHit::doc));
          hits.forEach(sink);
          n = 0;
        }
        if (done) {
          break;
        }
      }
    }
  }

  private static void emit(List<WatchedHit> hits, Consumer<WatchedHit> sink) {
    hits.sort(TIME_ORDER);
    hits.forEach(sink);
  }

  /** The matching live events of one time range, every segment's. */
  private List<WatchedHit> slice(Query range) throws IOException {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    b.add(filter, BooleanClause.Occur.FILTER);
    b.add(range, BooleanClause.Occur.FILTER);
    Weight w = weight(b.build());
    List<WatchedHit> out = new ArrayList<>();
    for (LeafReaderContext leaf : reader.leaves()) {
      Scorer scorer = w.scorer(leaf);
      if (scorer != null) {
        int[] docs = matches(scorer.iterator(), leaf.reader().getLiveDocs());
        if (docs.length > 0) {
          new LeafHits(leaf, docs).addTo(out);
        }
      }
    }
    return out;
  }

  private Weight weight(Query query) throws IOException {
    return searcher.createWeight(searcher.rewrite(query), ScoreMode.COMPLETE_NO_SCORES, 1f);
  }

  private long count(long from, long end) throws IOException {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    b.add(filter, BooleanClause.Occur.FILTER);
    b.add(timeRange(from, end), BooleanClause.Occur.FILTER);
    return searcher.count(b.build());
  }

  private static Query timeRange(long from, long end) {
    return LongField.newRangeQuery(TIMESTAMP, from, end - 1);
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

  /** The ports and, when asked, the sessions; the time range is added per slice. */
  static Query filter(WhoQuery q) {
    int[] ports = q.ports().stream().mapToInt(Integer::intValue).toArray();
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    b.add(IntField.newSetQuery(DESTINATION_PORT, ports), BooleanClause.Occur.FILTER);
    if (q.afterSession() >= 0) {
      b.add(
          LongPoint.newRangeQuery(SESSION, q.afterSession() + 1, Long.MAX_VALUE),
          BooleanClause.Occur.FILTER);
    }
    return b.build();
  }
}
