package dev.proxyaudit.analyzer.correlate;

import dev.proxyaudit.analyzer.event.Action;
import dev.proxyaudit.analyzer.query.DialHit;
import dev.proxyaudit.analyzer.query.ProxyHit;
import java.util.ArrayList;
import java.util.List;

/** A proxy line until nothing can be tied to it any more. */
final class PendingLine {
  final ProxyHit p;
  final long seq; // the order lines were read in: time, then file order
  final boolean candidate;
  final String name; // the host as NameAddresses keys it, null for an IP literal
  Correlator.Target target; // V2Ray lines: where a dial line would say it went
  DialHit dial;
  List<Correlator.Link> links = List.of();
  private SameSecond second; // the lines of a log that has whole seconds, of this one
  private int rank; // this line's place among them, in file order

  /** The lines one log wrote in one whole second, counted as they come. */
  static final class SameSecond {
    final long time;
    int lines;

    SameSecond(long time) {
      this.time = time;
    }
  }

  PendingLine(ProxyHit p, long seq) {
    this.p = p;
    this.seq = seq;
    this.candidate = p.hasTime() && p.action() != Action.REJECTED;
    this.name = p.destinationIp() == null ? NameAddresses.key(p.destination()) : null;
  }

  /** Places this line among the others its log wrote in the same whole second. */
  void inSecond(SameSecond s) {
    second = s;
    rank = s.lines++;
  }

  /**
   * When the request most likely was: the logged time, or for a log with whole seconds (V2Ray 4.x,
   * ss-server's stdout) the k-th of its n lines of one second at (k + 1/2) / n of it. Those
   * requests came in file order and spread over their second: this keeps two requests of one second
   * in the order of their packets.
   */
  long at() {
    return second == null
        ? p.timeMillis()
        : p.timeMillis() + (2L * rank + 1) * 1000 / (2L * second.lines);
  }

  /** The address the logs themselves give for this request: the line's IP, else its dial's. */
  String statedIp() {
    if (p.destinationIp() != null) {
      return p.destinationIp();
    }
    return dial == null ? null : dial.destinationIp();
  }

  boolean free() {
    return links.isEmpty();
  }

  void link(KernelConnection k, JoinKind kind) {
    if (links.isEmpty()) {
      links = new ArrayList<>(1);
    }
    links.add(new Correlator.Link(k, kind));
  }
}
