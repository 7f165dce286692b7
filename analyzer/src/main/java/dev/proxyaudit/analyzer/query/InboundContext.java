package dev.proxyaudit.analyzer.query;

import static dev.proxyaudit.analyzer.index.EventSchema.DATASET;
import static dev.proxyaudit.analyzer.index.EventSchema.DIRECTION;
import static dev.proxyaudit.analyzer.index.EventSchema.SERVICE;
import static dev.proxyaudit.analyzer.index.EventSchema.TIMESTAMP;

import dev.proxyaudit.analyzer.event.Dataset;
import dev.proxyaudit.analyzer.event.Hook;
import dev.proxyaudit.analyzer.event.Service;
import java.io.IOException;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.FieldDoc;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.Sort;
import org.apache.lucene.search.SortField;
import org.apache.lucene.search.SortedNumericSortField;
import org.apache.lucene.search.TermInSetQuery;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.search.TopFieldDocs;
import org.apache.lucene.util.BytesRef;

/**
 * The events the inbound join ({@code correlate.InboundJoin}) reads beside a question's watched
 * ones: the kernel's lines of connections coming in (the proxy ports' {@code SYN}s, which name the
 * client and the server port), and every shadowsocks-libev line (whatever its destination: each
 * takes one of its port's connections in turn). Only over the time of the watched Shadowsocks lines
 * that can be named, widened by {@code reach}, and only when the index has both.
 */
public final class InboundContext {
  /** The Shadowsocks formats that log the client or the server port, not both. */
  private static final Dataset[] HALF_NAMED = {
    Dataset.SHADOWSOCKS_LIBEV, Dataset.SHADOWSOCKS_PYTHON, Dataset.SHADOWSOCKS_RUST
  };

  private final Query clause;

  private InboundContext(Query clause) {
    this.clause = clause;
  }

  /** What the stream of {@code q} adds (OR). */
  Query clause() {
    return clause;
  }

  /** The context of {@code q}'s stream, or null when there is nothing to join. */
  public static InboundContext of(IndexReader reader, WhoQuery q, long reachMillis)
      throws IOException {
    IndexSearcher searcher = new IndexSearcher(reader);
    searcher.setQueryCache(null);
    Query halfNamed = and(WatchedStream.filter(q), anyOf(DATASET, HALF_NAMED), range(q));
    long[] span = span(searcher, halfNamed);
    if (span == null) {
      return null;
    }
    Query time =
        LongField.newRangeQuery(
            TIMESTAMP, saturated(span[0], -reachMillis), saturated(span[1], reachMillis));
    Query packets =
        and(
            new TermQuery(new Term(SERVICE, Service.NETFILTER.id())),
            SortedDocValuesField.newSlowExactQuery(DIRECTION, new BytesRef(Hook.INPUT.id())),
            time);
    if (searcher.count(packets) == 0) {
      return null;
    }
    BooleanQuery.Builder either = new BooleanQuery.Builder();
    either.add(packets, BooleanClause.Occur.SHOULD);
    either.add(
        and(new TermQuery(new Term(DATASET, Dataset.SHADOWSOCKS_LIBEV.id())), time),
        BooleanClause.Occur.SHOULD);
    return new InboundContext(either.build());
  }

  /** The question's own time range, or every time. */
  private static Query range(WhoQuery q) {
    long from = q.since() == null ? Long.MIN_VALUE : q.since().toEpochMilli();
    long to = q.until() == null ? Long.MAX_VALUE : q.until().toEpochMilli() - 1;
    return LongField.newRangeQuery(TIMESTAMP, from, to);
  }

  /**
   * The earliest and latest time of the live documents {@code q} matches (each has a time: {@code
   * q} holds a time range), or null for none. Two top-1 sorts: Lucene skips by the time points
   * instead of reading every match.
   */
  private static long[] span(IndexSearcher searcher, Query q) throws IOException {
    Long first = edge(searcher, q, false);
    return first == null ? null : new long[] {first, edge(searcher, q, true)};
  }

  private static Long edge(IndexSearcher searcher, Query q, boolean last) throws IOException {
    Sort byTime = new Sort(new SortedNumericSortField(TIMESTAMP, SortField.Type.LONG, last));
    TopFieldDocs top = searcher.search(q, 1, byTime);
    return top.scoreDocs.length == 0 ? null : (Long) ((FieldDoc) top.scoreDocs[0]).fields[0];
  }

  private static Query anyOf(String field, Dataset[] datasets) {
    BytesRef[] ids = new BytesRef[datasets.length];
    for (int i = 0; i < datasets.length; i++) {
      ids[i] = new BytesRef(datasets[i].id());
    }
    return new TermInSetQuery(field, ids);
  }

  private static Query and(Query... all) {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    for (Query q : all) {
      b.add(q, BooleanClause.Occur.FILTER);
    }
    return b.build();
  }

  private static long saturated(long t, long by) {
    long r = t + by;
    return ((t ^ r) & (by ^ r)) < 0 ? (by < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : r;
  }
}
