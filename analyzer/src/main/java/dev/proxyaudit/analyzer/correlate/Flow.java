package dev.proxyaudit.analyzer.correlate;

import dev.proxyaudit.analyzer.query.KernelHit;

/**
 * A packet's 4-tuple: source IP and port, destination IP and port. Equal exactly when the text
 * {@code "SRC SPT DST DPT"} is equal (IPs are canonical, without spaces; a missing one is {@code
 * "null"}), without building that text for every line.
 */
public record Flow(String sourceIp, int sourcePort, String destinationIp, int port) {
  public static Flow of(KernelHit h) {
    return new Flow(
        String.valueOf(h.sourceIp()), h.sourcePort(), String.valueOf(h.destinationIp()), h.port());
  }
}
