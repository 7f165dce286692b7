package dev.proxyaudit.analyzer.judge;

import dev.proxyaudit.analyzer.correlate.Correlation;
import dev.proxyaudit.analyzer.correlate.ProxyStatus;
import dev.proxyaudit.analyzer.query.ProxyHit;
import java.util.BitSet;

/**
 * {@link Correlation#status} of every proxy line, computed once and looked up by document id: the
 * rows and the judge ask it for every line, and a map keyed by boxed ids costs a cache miss each.
 */
final class Statuses {
  private final BitSet confirmed = new BitSet();
  private final BitSet blocked = new BitSet();

  Statuses(Correlation c) {
    c.links()
        .forEach(
            (doc, ks) -> {
              switch (Correlation.status(ks)) {
                case CONFIRMED -> confirmed.set(doc);
                case BLOCKED -> blocked.set(doc);
                case UNCONFIRMED -> {}
              }
            });
  }

  ProxyStatus of(ProxyHit p) {
    int doc = p.doc();
    return confirmed.get(doc)
        ? ProxyStatus.CONFIRMED
        : blocked.get(doc) ? ProxyStatus.BLOCKED : ProxyStatus.UNCONFIRMED;
  }
}
