package dev.proxyaudit.analyzer.query;

import static dev.proxyaudit.analyzer.index.EventSchema.ACTION;
import static dev.proxyaudit.analyzer.index.EventSchema.DATASET;
import static dev.proxyaudit.analyzer.index.EventSchema.DESTINATION_ADDRESS;
import static dev.proxyaudit.analyzer.index.EventSchema.DESTINATION_DOMAIN;
import static dev.proxyaudit.analyzer.index.EventSchema.DESTINATION_IP;
import static dev.proxyaudit.analyzer.index.EventSchema.DESTINATION_PORT;
import static dev.proxyaudit.analyzer.index.EventSchema.DIRECTION;
import static dev.proxyaudit.analyzer.index.EventSchema.PREFIX;
import static dev.proxyaudit.analyzer.index.EventSchema.SERVICE;
import static dev.proxyaudit.analyzer.index.EventSchema.SOURCE_ADDRESS;
import static dev.proxyaudit.analyzer.index.EventSchema.SOURCE_IP;
import static dev.proxyaudit.analyzer.index.EventSchema.SOURCE_PORT;
import static dev.proxyaudit.analyzer.index.EventSchema.TIMESTAMP;
import static dev.proxyaudit.analyzer.index.EventSchema.UID;
import static dev.proxyaudit.analyzer.index.EventSchema.USER;

import dev.proxyaudit.analyzer.event.Dataset;
import dev.proxyaudit.analyzer.event.Service;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
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
        String service = v.keyword(SERVICE, doc);
        String dataset = v.keyword(DATASET, doc);
        if (Service.NETFILTER.id().equals(service)) {
          kernel.add(kernelHit(v, leaf.docBase + doc, doc, dataset));
        } else if (Dataset.V2RAY_ERROR.id().equals(dataset)) {
          dials.add(dialHit(v, leaf.docBase + doc, doc));
        } else {
          proxies.add(proxyHit(v, leaf.docBase + doc, doc, service, dataset));
        }
      }
    }
    proxies.sort(Comparator.comparingLong(ProxyHit::timeMillis).thenComparingInt(ProxyHit::doc));
    kernel.sort(Comparator.comparingLong(KernelHit::timeMillis).thenComparingInt(KernelHit::doc));
    dials.sort(Comparator.comparingLong(DialHit::timeMillis).thenComparingInt(DialHit::doc));
    return new WatchedEvents(List.copyOf(proxies), List.copyOf(kernel), List.copyOf(dials));
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
    return b.build();
  }

  private static ProxyHit proxyHit(
      LeafValues v, int globalDoc, int doc, String service, String dataset) throws IOException {
    String client = v.keyword(SOURCE_IP, doc);
    if (client == null) {
      client = v.keyword(SOURCE_ADDRESS, doc);
    }
    String ip = v.keyword(DESTINATION_IP, doc);
    String host = v.keyword(DESTINATION_DOMAIN, doc);
    if (host == null) {
      host = ip != null ? ip : v.keyword(DESTINATION_ADDRESS, doc);
    }
    return new ProxyHit(
        globalDoc,
        time(v, doc),
        service,
        dataset,
        v.keyword(USER, doc),
        client,
        host,
        ip,
        number(v, DESTINATION_PORT, doc),
        v.keyword(ACTION, doc));
  }

  private static DialHit dialHit(LeafValues v, int globalDoc, int doc) throws IOException {
    String host = v.keyword(DESTINATION_DOMAIN, doc);
    String ip = v.keyword(DESTINATION_IP, doc);
    return new DialHit(
        globalDoc,
        time(v, doc),
        host != null ? host : ip,
        ip,
        number(v, DESTINATION_PORT, doc),
        v.keyword(SOURCE_IP, doc),
        number(v, SOURCE_PORT, doc),
        "dial_failed".equals(v.keyword(ACTION, doc)));
  }

  private static KernelHit kernelHit(LeafValues v, int globalDoc, int doc, String dataset)
      throws IOException {
    Long uid = v.number(UID, doc);
    String prefix = v.keyword(PREFIX, doc);
    return new KernelHit(
        globalDoc,
        time(v, doc),
        uid == null ? null : uid.intValue(),
        v.keyword(SOURCE_IP, doc),
        number(v, SOURCE_PORT, doc),
        v.keyword(DESTINATION_IP, doc),
        number(v, DESTINATION_PORT, doc),
        prefix == null ? "" : prefix,
        v.keyword(DIRECTION, doc),
        dataset);
  }

  private static long time(LeafValues v, int doc) throws IOException {
    Long t = v.number(TIMESTAMP, doc);
    return t == null ? Long.MIN_VALUE : t;
  }

  private static int number(LeafValues v, String field, int doc) throws IOException {
    Long n = v.number(field, doc);
    return n == null ? -1 : n.intValue();
  }
}
