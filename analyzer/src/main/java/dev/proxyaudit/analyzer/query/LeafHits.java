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
import java.util.List;
import org.apache.lucene.index.LeafReaderContext;

/**
 * The watched-port hits of one segment: each field read for all matching documents at once, then
 * one proxy, kernel or dial record per document.
 */
final class LeafHits {
  private final int docBase;
  private final LeafColumns v;
  private final int size;
  private final String[] service;
  private final String[] dataset;
  private final String[] sourceIp;
  private final String[] destinationIp;
  private final String[] destinationDomain;
  private final String[] action;
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
    service = v.keywords(SERVICE);
    dataset = v.keywords(DATASET);
    kind = new Kind[size];
    for (int i = 0; i < size; i++) {
      kind[i] =
          Service.NETFILTER.id().equals(service[i])
              ? Kind.KERNEL
              : Dataset.V2RAY_ERROR.id().equals(dataset[i]) ? Kind.DIAL : Kind.PROXY;
    }
    sourceIp = v.keywords(SOURCE_IP);
    destinationIp = v.keywords(DESTINATION_IP);
    destinationDomain = v.keywords(DESTINATION_DOMAIN);
    action = v.keywords(ACTION);
    time = v.numbers(TIMESTAMP, Long.MIN_VALUE);
    port = v.numbers(DESTINATION_PORT, -1);
    sourcePort = v.numbers(SOURCE_PORT, -1);
  }

  /** Adds this segment's hits, in document order, to the lists of their kind. */
  void addTo(List<ProxyHit> proxies, List<KernelHit> kernel, List<DialHit> dials)
      throws IOException {
    proxies(proxies);
    kernel(kernel);
    dials(dials);
  }

  private void proxies(List<ProxyHit> out) throws IOException {
    String[] user = v.keywords(USER, only(Kind.PROXY));
    boolean[] noIp = only(Kind.PROXY);
    boolean[] noHost = only(Kind.PROXY);
    for (int i = 0; i < size; i++) {
      noIp[i] &= sourceIp[i] == null;
      noHost[i] &= destinationDomain[i] == null && destinationIp[i] == null;
    }
    String[] sourceAddress = v.keywords(SOURCE_ADDRESS, noIp);
    String[] destinationAddress = v.keywords(DESTINATION_ADDRESS, noHost);
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
              action[i]));
    }
  }

  private void kernel(List<KernelHit> out) throws IOException {
    boolean[] mine = only(Kind.KERNEL);
    Integer[] uid = v.integers(UID);
    String[] prefix = v.keywords(PREFIX, mine);
    String[] direction = v.keywords(DIRECTION, mine);
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
                direction[i],
                dataset[i]));
      }
    }
  }

  private void dials(List<DialHit> out) {
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
                "dial_failed".equals(action[i])));
      }
    }
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
