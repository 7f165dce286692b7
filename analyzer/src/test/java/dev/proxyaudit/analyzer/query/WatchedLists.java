package dev.proxyaudit.analyzer.query;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.IndexReader;

/**
 * A question's watched events as lists, each in time order: for tests on small indexes (the product
 * streams them, {@link WatchedStream}).
 */
public record WatchedLists(List<ProxyHit> proxies, List<KernelHit> kernel, List<DialHit> dials) {
  public static WatchedLists load(IndexReader reader, WhoQuery q) throws IOException {
    List<ProxyHit> proxies = new ArrayList<>();
    List<KernelHit> kernel = new ArrayList<>();
    List<DialHit> dials = new ArrayList<>();
    WatchedStream.read(
        reader,
        q,
        h -> {
          if (h instanceof ProxyHit p) {
            proxies.add(p);
          } else if (h instanceof KernelHit k) {
            kernel.add(k);
          } else if (h instanceof DialHit d) {
            dials.add(d);
          }
        });
    return new WatchedLists(proxies, kernel, dials);
  }
}
