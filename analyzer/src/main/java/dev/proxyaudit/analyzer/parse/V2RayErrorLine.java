package dev.proxyaudit.analyzer.parse;

import dev.proxyaudit.analyzer.event.Action;
import dev.proxyaudit.analyzer.event.ConnectionEvent;
import dev.proxyaudit.analyzer.event.Dataset;
import dev.proxyaudit.analyzer.event.Destination;
import dev.proxyaudit.analyzer.event.Endpoint;
import dev.proxyaudit.analyzer.event.Route;
import dev.proxyaudit.analyzer.event.Transport;
import java.time.Instant;

/**
 * The two V2Ray/Xray error-log lines that say where an outbound really went (docs/formats.md 1.6),
 * read after {@link V2RayAccessParser} has found the date and the {@code [Severity]}:
 *
 * <pre>
 * [Info] [4285932875] v2ray.com/core/app/proxyman/outbound: failed to process outbound traffic
 *   &gt; v2ray.com/core/proxy/freedom: failed to open connection to tcp:mx1.example.test:25
 *   &gt; v2ray.com/core/common/retry: [dial tcp 203.0.113.25:25: connect: connection refused] &gt; ...
 * [Info] [1234] proxy/freedom: connection opened to tcp:mx1.example.test:25, local endpoint
 *   203.0.113.1:57054, remote endpoint 203.0.113.25:25          (Xray &gt;= 1.8.1)
 * </pre>
 *
 * (one line each; V2Ray 4.34 real in sample-logs/v2ray-4.34/error.log; Xray from {@code
 * proxy/freedom/freedom.go}). Every other error-log line is skipped.
 */
final class V2RayErrorLine {
  private static final String FAILED = "failed to open connection to ";
  private static final String OPENED = "connection opened to ";
  private static final String LOCAL = ", local endpoint ";
  private static final String REMOTE = ", remote endpoint ";

  private V2RayErrorLine() {}

  static ParseResult parse(LogLine line, ParseContext ctx, String s, int p, Instant time) {
    int opened = s.indexOf(OPENED, p);
    if (opened >= 0) {
      return opened(line, ctx, s, opened + OPENED.length(), time);
    }
    int failed = s.indexOf(FAILED, p);
    if (failed >= 0) {
      return failed(line, ctx, s, failed + FAILED.length(), time);
    }
    return new ParseResult.Ignored("V2Ray/Xray error log");
  }

  private static ParseResult opened(LogLine line, ParseContext ctx, String s, int p, Instant time) {
    int local = s.indexOf(LOCAL, p);
    int remote = local < 0 ? -1 : s.indexOf(REMOTE, local);
    if (remote < 0) {
      return new ParseResult.Malformed("'connection opened to' without local and remote endpoint");
    }
    Target target = target(s.substring(p, local));
    HostPort from = HostPort.parse(s.substring(local + LOCAL.length(), remote));
    HostPort to = HostPort.parse(s.substring(remote + REMOTE.length()).strip());
    if (target == null || from == null || from.port() < 0 || to == null || to.port() < 0) {
      return new ParseResult.Malformed("'connection opened to' with a bad address");
    }
    Destination d = resolved(target.host, to.host(), target.port);
    if (d == null) {
      return new ParseResult.Malformed("'connection opened to' with a remote endpoint not an IP");
    }
    return event(
        line, ctx, time, Endpoint.of(from.host(), from.port()), d, target.transport, Action.DIALED);
  }

  private static ParseResult failed(LogLine line, ParseContext ctx, String s, int p, Instant time) {
    int end = s.indexOf(" > ", p);
    Target target = target(end < 0 ? s.substring(p).strip() : s.substring(p, end));
    if (target == null) {
      return new ParseResult.Malformed("'failed to open connection to' without host:port");
    }
    int dial = s.indexOf("dial tcp ", p);
    if (dial < 0) {
      dial = s.indexOf("dial udp ", p);
    }
    if (dial < 0) {
      return new ParseResult.Ignored("V2Ray/Xray dial failure without an address");
    }
    int colon = s.indexOf(": ", dial + 9);
    HostPort tried =
        HostPort.parse(colon < 0 ? s.substring(dial + 9) : s.substring(dial + 9, colon));
    Destination d = tried == null ? null : resolved(target.host, tried.host(), target.port);
    if (d == null) {
      return new ParseResult.Ignored("V2Ray/Xray dial failure without an IP");
    }
    return event(line, ctx, time, null, d, target.transport, Action.DIAL_FAILED);
  }

  private record Target(String host, int port, Transport transport) {}

  /** {@code tcp:host:port} as V2Ray prints a destination. */
  private static Target target(String text) {
    Transport t = Transport.TCP;
    String rest = text.strip();
    if (rest.startsWith("udp:")) {
      t = Transport.UDP;
      rest = rest.substring(4);
    } else if (rest.startsWith("tcp:")) {
      rest = rest.substring(4);
    }
    HostPort hp = HostPort.parse(rest);
    return hp == null || hp.port() < 0 || hp.host().isEmpty()
        ? null
        : new Target(hp.host(), hp.port(), t);
  }

  /** The logged host with the IP it was dialed at; null when that is no IP. */
  private static Destination resolved(String host, String ipText, int port) {
    Destination ip = Destination.of(ipText, port);
    if (ip.ip() == null) {
      return null;
    }
    Destination named = Destination.of(host, port);
    return new Destination(named.address(), named.domain(), ip.ip(), port);
  }

  private static ParseResult event(
      LogLine line,
      ParseContext ctx,
      Instant time,
      Endpoint source,
      Destination d,
      Transport t,
      Action action) {
    return new ParseResult.Parsed(
        new ConnectionEvent(
            time,
            null,
            Dataset.V2RAY_ERROR,
            null,
            null,
            source,
            d,
            t,
            action,
            Route.NONE,
            null,
            ctx.origin(line)));
  }
}
