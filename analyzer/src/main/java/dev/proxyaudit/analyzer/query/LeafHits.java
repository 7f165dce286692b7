package dev.proxyaudit.analyzer.query;

import static dev.proxyaudit.analyzer.index.EventSchema.ACTION;
import static dev.proxyaudit.analyzer.index.EventSchema.DATASET;
import static dev.proxyaudit.analyzer.index.EventSchema.DESTINATION_ADDRESS;
import static dev.proxyaudit.analyzer.index.EventSchema.DESTINATION_DOMAIN;
import static dev.proxyaudit.analyzer.index.EventSchema.DESTINATION_IP;
import static dev.proxyaudit.analyzer.index.EventSchema.DESTINATION_PORT;
import static dev.proxyaudit.analyzer.index.EventSchema.DIRECTION;
import static dev.proxyaudit.analyzer.index.EventSchema.PREFIX;
import static dev.proxyaudit.analyzer.index.EventSchema.SERVER_PORT;
import static dev.proxyaudit.analyzer.index.EventSchema.SERVICE;
import static dev.proxyaudit.analyzer.index.EventSchema.SOURCE_ADDRESS;
import static dev.proxyaudit.analyzer.index.EventSchema.SOURCE_IP;
import static dev.proxyaudit.analyzer.index.EventSchema.SOURCE_PORT;
import static dev.proxyaudit.analyzer.index.EventSchema.TIMESTAMP;
import static dev.proxyaudit.analyzer.index.EventSchema.UID;
import static dev.proxyaudit.analyzer.index.EventSchema.USER;

import dev.proxyaudit.analyzer.event.Action;
import dev.proxyaudit.analyzer.event.Dataset;
import dev.proxyaudit.analyzer.event.Hook;
import dev.proxyaudit.analyzer.event.Service;
import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.lucene.index.LeafReaderContext;

/**
 * The watched-port hits of one segment: each field read for all matching documents at once, then
 * one proxy, kernel or dial record per document. The index's stored names become the event
 * package's enums here, once per distinct value.
 */
final class LeafHits {
  private static final Map<String, Service> SERVICES = byId(Service.values(), Service::id);
  private static final Map<String, Dataset> DATASETS = byId(Dataset.values(), Dataset::id);
  private static final Map<String, Action> ACTIONS = byId(Action.values(), Action::id);
  private static final Map<String, Hook> HOOKS = byId(Hook.values(), Hook::id);

  private final int docBase;
  private final LeafColumns v;
  private final int size;
  private final Service[] service;
  private final Dataset[] dataset;
  private final String[] sourceIp;
  private final String[] destinationIp;
  private final String[] destinationDomain;
  private final Action[] action;
  private final long[] time;
  private final long[] port;
  private final long[] sourcePort;
  private final Kind[] kind;

  private enum Kind {
    PROXY,
    KERNEL,
    DIAL
  }

  /**
   * @param docs the segment's matching live documents, in increasing order
   */
  LeafHits(LeafReaderContext leaf, int[] docs) throws IOException {
    this.docBase = leaf.docBase;
    this.v = new LeafColumns(leaf.reader(), docs);
    this.size = docs.length;
    service = typed(v.keywords(SERVICE), SERVICES, new Service[size]);
    dataset = typed(v.keywords(DATASET), DATASETS, new Dataset[size]);
    kind = new Kind[size];
    for (int i = 0; i < size; i++) {
      kind[i] =
          service[i] == Service.NETFILTER
              ? Kind.KERNEL
              : dataset[i] == Dataset.V2RAY_ERROR ? Kind.DIAL : Kind.PROXY;
    }
    sourceIp = v.keywords(SOURCE_IP);
    destinationIp = v.keywords(DESTINATION_IP);
    destinationDomain = v.keywords(DESTINATION_DOMAIN);
    action = typed(v.keywords(ACTION), ACTIONS, new Action[size]);
    time = v.numbers(TIMESTAMP, Long.MIN_VALUE);
    port = v.numbers(DESTINATION_PORT, -1);
    sourcePort = v.numbers(SOURCE_PORT, -1);
  }

  /** Adds this segment's hits to {@code out}: the proxies', then the kernel's, then the dials. */
  void addTo(List<WatchedHit> out) throws IOException {
    proxies(out);
    kernel(out);
    dials(out);
  }

  private void proxies(List<WatchedHit> out) throws IOException {
    String[] user = v.keywords(USER, only(Kind.PROXY));
    boolean[] noIp = only(Kind.PROXY);
    boolean[] noHost = only(Kind.PROXY);
    for (int i = 0; i < size; i++) {
      noIp[i] &= sourceIp[i] == null;
      noHost[i] &= destinationDomain[i] == null && destinationIp[i] == null;
    }
    String[] sourceAddress = v.keywords(SOURCE_ADDRESS, noIp);
    String[] destinationAddress = v.keywords(DESTINATION_ADDRESS, noHost);
    long[] serverPort = v.numbers(SERVER_PORT, -1);
    for (int i = 0; i < size; i++) {
      if (kind[i] != Kind.PROXY) {
        continue;
      }
      String client = sourceIp[i] != null ? sourceIp[i] : sourceAddress[i];
      String ip = destinationIp[i];
      String host = destinationDomain[i];
      if (host == null) {
        host = ip != null ? ip : destinationAddress[i];
      }
      out.add(
          new ProxyHit(
              docBase + v.doc(i),
              time[i],
              service[i],
              dataset[i],
              user[i],
              client,
              host,
              ip,
              (int) port[i],
              action[i],
              (int) sourcePort[i],
              (int) serverPort[i],
              -1));
    }
  }

  private void kernel(List<WatchedHit> out) throws IOException {
    boolean[] mine = only(Kind.KERNEL);
    Integer[] uid = v.integers(UID);
    String[] prefix = v.keywords(PREFIX, mine);
    Hook[] hook = typed(v.keywords(DIRECTION, mine), HOOKS, new Hook[size]);
    for (int i = 0; i < size; i++) {
      if (kind[i] == Kind.KERNEL) {
        out.add(
            new KernelHit(
                docBase + v.doc(i),
                time[i],
                uid[i],
                sourceIp[i],
                (int) sourcePort[i],
                destinationIp[i],
                (int) port[i],
                prefix[i] == null ? "" : prefix[i],
                hook[i] == Hook.INPUT,
                dataset[i]));
      }
    }
  }

  private void dials(List<WatchedHit> out) {
    for (int i = 0; i < size; i++) {
      if (kind[i] == Kind.DIAL) {
        String host = destinationDomain[i];
        out.add(
            new DialHit(
                docBase + v.doc(i),
                time[i],
                host != null ? host : destinationIp[i],
                destinationIp[i],
                (int) port[i],
                sourceIp[i],
                (int) sourcePort[i],
                action[i] == Action.DIAL_FAILED));
      }
    }
  }

  private static <T> T[] typed(String[] ids, Map<String, T> byId, T[] out) {
    for (int i = 0; i < ids.length; i++) {
      out[i] = ids[i] == null ? null : byId.get(ids[i]);
    }
    return out;
  }

  private static <T> Map<String, T> byId(T[] values, java.util.function.Function<T, String> id) {
    Map<String, T> m = new HashMap<>();
    for (T t : values) {
      m.put(id.apply(t), t);
    }
    return Map.copyOf(m);
  }

  /** True for the documents of kind {@code k}. */
  private boolean[] only(Kind k) {
    boolean[] out = new boolean[size];
    for (int i = 0; i < size; i++) {
      out[i] = kind[i] == k;
    }
    return out;
  }
}
