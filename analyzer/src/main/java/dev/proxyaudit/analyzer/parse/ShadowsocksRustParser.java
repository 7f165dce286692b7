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
 * shadowsocks-rust {@code established tcp tunnel PEER <-> TARGET with ConnectOpts {...}}
 * (docs/formats.md 3.2; {@code crates/shadowsocks-service/src/server/tcprelay.rs} line 320, v1.24).
 *
 * <p>The line names the client but neither the user nor the server port.
 */
final class ShadowsocksRustParser implements LineParser {
  private static final String MARK = "established tcp tunnel ";
  private static final String[] LEVELS = {"TRACE", "DEBUG", "INFO", "WARN", "ERROR"};
  private final Timestamps.Stamp stamp = new Timestamps.Stamp();

  @Override
  public boolean accepts(LogLine line) {
    return line.text().indexOf(MARK, line.envelope().bodyStart()) >= 0 || ownFormat(line);
  }

  /**
   * ss-rust's own {@code RFC3339 LEVEL} start. tracing (since v1.18.1) pads the level to five
   * characters on the left ({@code "+08:00 INFO shadowsocks tcp server listening on ..."}); the two
   * spaces leave no syslog-like header, so without this check every INFO and WARN line was "not a
   * line of any known log format" instead of a skipped ss-rust message.
   */
  private boolean ownFormat(LogLine line) {
    Envelope env = line.envelope();
    String s = line.text();
    int b = env.kind() == Envelope.Kind.SYSLOG ? env.bodyStart() : 0;
    int n = Timestamps.iso(s, b, stamp, false);
    if (n == 0 || stamp.offset == null || !Chars.charAt(s, b + n, ' ')) {
      return false;
    }
    int level = Chars.skipSpaces(s, b + n);
    if (level - (b + n) > 2) {
      return false;
    }
    for (String l : LEVELS) {
      if (s.startsWith(l, level) && Chars.charAt(s, level + l.length(), ' ')) {
        return true;
      }
    }
    return false;
  }

  @Override
  public ParseResult parse(LogLine line, ParseContext ctx) {
    String s = line.text();
    if (s.indexOf(MARK, line.envelope().bodyStart()) < 0) {
      return new ParseResult.Ignored("shadowsocks-rust message");
    }
    Instant time = ownTime(line, ctx);
    if (time == null) {
      return new ParseResult.Malformed("shadowsocks-rust line without a valid time");
    }
    int p = s.indexOf(MARK, line.envelope().bodyStart()) + MARK.length();
    int arrow = s.indexOf(" <-> ", p);
    if (arrow < 0) {
      return new ParseResult.Malformed("tunnel line without ' <-> '");
    }
    int targetEnd = Chars.tokenEnd(s, arrow + 5);
    // The target is followed by " with ConnectOpts {...}" (tcprelay.rs); other text after it
    // means the target token itself cannot be trusted.
    if (targetEnd < s.length() && !s.startsWith(" with ", targetEnd)) {
      return new ParseResult.Malformed("tunnel line with text after the target");
    }
    HostPort peer = HostPort.parse(s.substring(p, arrow));
    HostPort target = HostPort.parse(s.substring(arrow + 5, targetEnd));
    if (peer == null || peer.port() < 0 || target == null || target.port() < 0) {
      return new ParseResult.Malformed("tunnel line without two host:port");
    }
    return new ParseResult.Parsed(
        new ConnectionEvent(
            time,
            null,
            Dataset.SHADOWSOCKS_RUST,
            null,
            null,
            Endpoint.of(peer.host(), peer.port()),
            Destination.of(target.host(), target.port()),
            Transport.TCP,
            Action.ACCEPTED,
            Route.NONE,
            null,
            ctx.origin(line)));
  }

  /** The program's RFC 3339 time at the start of its text, else the wrapper's. */
  private Instant ownTime(LogLine line, ParseContext ctx) {
    Envelope env = line.envelope();
    if (env.kind() == Envelope.Kind.SYSLOG
        && Timestamps.iso(line.text(), env.bodyStart(), stamp, false) > 0) {
      return ctx.instant(stamp);
    }
    return env.time();
  }
}
