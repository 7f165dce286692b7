package dev.proxyaudit.analyzer.parse;

import dev.proxyaudit.analyzer.event.Action;
import dev.proxyaudit.analyzer.event.ConnectionEvent;
import dev.proxyaudit.analyzer.event.Dataset;
import dev.proxyaudit.analyzer.event.Destination;
import dev.proxyaudit.analyzer.event.Endpoint;
import dev.proxyaudit.analyzer.event.Route;
import dev.proxyaudit.analyzer.event.Transport;
import dev.proxyaudit.rules.Ports;
import java.time.Instant;

/**
 * shadowsocks-libev {@code ss-server -v} (docs/formats.md 3.1; {@code src/server.c} and {@code
 * src/udprelay.c} of shadowsocks-libev 3.3.5).
 *
 * <p>Stdout: {@code " 2026-11-28 04:02:17 INFO: [8388] connect to host:port"} (leading space);
 * through syslog ({@code -f}, ss-manager): {@code ss-server[pid]: [8388] connect to host:port}. The
 * user is the server port in brackets (since 3.2.2); the TCP client is never logged. UDP {@code
 * [port] [udp] cache miss: host:port <-> client} does name the client.
 */
final class ShadowsocksLibevParser implements LineParser {
  private final Timestamps.Stamp stamp = new Timestamps.Stamp();

  @Override
  public boolean accepts(LogLine line) {
    Envelope env = line.envelope();
    if (env.kind() == Envelope.Kind.SYSLOG) {
      return "ss-server".equals(env.ident()) || "ss-manager".equals(env.ident());
    }
    String s = line.text();
    int b = env.bodyStart();
    return Chars.charAt(s, b, ' ')
        && Chars.charAt(s, b + 5, '-')
        && Chars.charAt(s, b + 11, ' ')
        && Chars.isDigit(s, b + 1);
  }

  @Override
  public ParseResult parse(LogLine line, ParseContext ctx) {
    String s = line.body();
    Instant time;
    int p;
    // Under syslog the message has no stamp of its own; ss-server's stdout captured by journald
    // (Debian's unit) keeps its stamp and leading space: "ss-server[27362]:  2026-11-28 ...".
    boolean syslog = line.envelope().kind() == Envelope.Kind.SYSLOG;
    int d = syslog ? Chars.skipSpaces(s, 0) : 1;
    if (syslog && !looksLikeDate(s, d)) {
      time = line.envelope().time();
      p = d;
    } else {
      if (Timestamps.iso(s, d, stamp, true) != 19) {
        return new ParseResult.Malformed("shadowsocks-libev line with an invalid date");
      }
      time = ctx.instant(stamp, line.envelope());
      int levelStart = d + 20;
      int level = Chars.tokenEnd(s, levelStart);
      // An empty level (": " right after the date) used to reach substring(levelStart,
      // levelStart - 1) below and throw out of classify, ending the whole ingest.
      if (level <= levelStart || !Chars.charAt(s, level - 1, ':')) {
        return new ParseResult.Malformed("shadowsocks-libev line without a level");
      }
      if (!s.startsWith("INFO:", levelStart)) {
        return new ParseResult.Ignored(
            "shadowsocks-libev " + s.substring(levelStart, level - 1) + " line");
      }
      p = Chars.skipSpaces(s, level);
    }
    if (time == null) {
      return new ParseResult.Malformed("shadowsocks-libev line with an impossible date");
    }
    int serverPort = -1;
    if (Chars.charAt(s, p, '[') && !s.startsWith("[udp] ", p)) {
      int close = s.indexOf(']', p);
      serverPort = close < 0 ? -1 : Ports.parse(s, p + 1, close);
      if (serverPort < 0) {
        // Look for "connect to" after the bracket, not at it: "[99999] connect to h:25" used to
        // be skipped as an ordinary message. A bracket of digits that never closes ("[83") is a
        // "[port] ..." line cut short.
        int rest = s.length() - p - 1;
        if (close < 0 && rest >= 1 && rest <= 5 && Chars.digits(s, p + 1, rest) >= 0) {
          return new ParseResult.Malformed("shadowsocks-libev '[port]' line cut short");
        }
        return close >= 0 && s.startsWith("connect to ", close + 2)
            ? new ParseResult.Malformed("bad server port")
            : new ParseResult.Ignored("shadowsocks-libev message");
      }
      p = close + 2;
    }
    if (s.startsWith("connect to ", p)) {
      return connect(line, ctx, s, p + 11, time, serverPort);
    }
    // Before 3.2.2 the UDP line had no "[port] " either ("[udp] cache miss: ..."), like the
    // "connect to" line; both are read, without a user.
    if (s.startsWith("[udp] cache miss: ", p)) {
      return udp(line, ctx, s, p + 18, time, serverPort);
    }
    // Only "connect to" and "[udp] cache miss|hit" carry the "[port] " tag (src/server.c,
    // src/udprelay.c); anything else after it is a line cut short, e.g. "[8389] conn".
    if (serverPort >= 0 && !s.startsWith("[udp] cache hit: ", p)) {
      return new ParseResult.Malformed("shadowsocks-libev '[port]' line cut short");
    }
    return new ParseResult.Ignored("shadowsocks-libev message");
  }

  /** {@code yyyy-mm-dd hh:mm:ss} starts at {@code i}. */
  private static boolean looksLikeDate(String s, int i) {
    return Chars.isDigit(s, i)
        && Chars.charAt(s, i + 4, '-')
        && Chars.charAt(s, i + 7, '-')
        && Chars.charAt(s, i + 10, ' ')
        && Chars.charAt(s, i + 13, ':');
  }

  private ParseResult connect(
      LogLine line, ParseContext ctx, String s, int p, Instant time, int serverPort) {
    HostPort hp = HostPort.parse(s.substring(p).strip());
    if (hp == null || hp.port() < 0 || hp.host().isEmpty()) {
      return new ParseResult.Malformed(
          "'connect to' without host:port: '" + V2RayAccessParser.clip(s.substring(p)) + "'");
    }
    return event(
        line, ctx, time, serverPort, null, Destination.of(hp.host(), hp.port()), Transport.TCP);
  }

  /** {@code host:port <-> client}; the client is printed without brackets, even for IPv6. */
  private ParseResult udp(LogLine line, ParseContext ctx, String s, int p, Instant time, int port) {
    int arrow = s.indexOf(" <-> ", p);
    if (arrow < 0) {
      return new ParseResult.Malformed("udp cache line without ' <-> '");
    }
    HostPort target = HostPort.parse(s.substring(p, arrow));
    HostPort client = HostPort.parse(s.substring(arrow + 5).strip());
    if (target == null || target.port() < 0 || client == null || client.port() < 0) {
      return new ParseResult.Malformed("udp cache line without two host:port");
    }
    Endpoint src = Endpoint.of(client.host(), client.port());
    return event(
        line, ctx, time, port, src, Destination.of(target.host(), target.port()), Transport.UDP);
  }

  private static ParseResult event(
      LogLine line,
      ParseContext ctx,
      Instant time,
      int serverPort,
      Endpoint source,
      Destination dest,
      Transport transport) {
    return new ParseResult.Parsed(
        new ConnectionEvent(
            time,
            null,
            Dataset.SHADOWSOCKS_LIBEV,
            serverPort < 0 ? null : Integer.toString(serverPort),
            serverPort < 0 ? null : serverPort,
            source,
            dest,
            transport,
            Action.ACCEPTED,
            Route.NONE,
            null,
            ctx.origin(line)));
  }
}
