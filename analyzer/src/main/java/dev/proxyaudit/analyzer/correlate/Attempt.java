package dev.proxyaudit.analyzer.correlate;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What one proxy request did to the kernel: one connection that got through, or a blocked one with
 * the redials that followed it. V2Ray's and Xray's freedom outbound retry a refused dial {@link
 * #MAX_DIALS} times in all within about 1.5 s (common/retry.ExponentialBackoff(5, 100)), to the
 * same address; ss-server does not retry.
 */
final class Attempt {
  /** Dials of one request at most: the first and its redials. */
  static final int MAX_DIALS = 5;

  /** Redials of one failed dial come within this time of each other. */
  static final long RETRY_MILLIS = 5_000;

  final List<KernelConnection> connections = new ArrayList<>(1);

  Attempt(KernelConnection first) {
    connections.add(first);
  }

  KernelConnection first() {
    return connections.get(0);
  }

  boolean blocked() {
    return first().blocked();
  }

  /** True when {@code k} may be a redial of a blocked attempt that made {@code dials} so far. */
  static boolean redial(KernelConnection previous, int dials, KernelConnection k) {
    return previous.blocked()
        && k.blocked()
        && dials < MAX_DIALS
        && previous.port() == k.port()
        && Objects.equals(previous.uid(), k.uid())
        && previous.destinationIp().equals(k.destinationIp())
        && k.timeMillis() - previous.timeMillis() <= RETRY_MILLIS;
  }

  /** True when {@code k} may be the next redial of this attempt. */
  boolean takes(KernelConnection k) {
    return redial(connections.get(connections.size() - 1), connections.size(), k);
  }
}
