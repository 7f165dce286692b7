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
 * The Python shadowsocks server (2.8-2.9) and ShadowsocksR (docs/formats.md 3.3).
 *
 * <p>{@code 2015-06-10 00:05:07 INFO connecting host:port from ip:port} ({@code
 * shadowsocks/tcprelay.py}, format {@code %(asctime)s %(levelname)-8s %(message)s}): client known,
 * user not. ShadowsocksR adds {@code file.py:line} and logs {@code TCP request host:port by user
 * N}.
 */
final class ShadowsocksPythonParser implements LineParser {
  private final Timestamps.Stamp stamp = new Timestamps.Stamp();

  @Override
  public boolean accepts(LogLine line) {
    String s = line.text();
    int b = line.envelope().bodyStart();
    return Chars.charAt(s, b + 4, '-')
        && Chars.charAt(s, b + 10, ' ')
        && Chars.charAt(s, b + 19, ' ')
        && Chars.isDigit(s, b)
        && isLevel(s, b + 20);
  }

  private static boolean isLevel(String s, int i) {
    return s.startsWith("INFO ", i)
        || s.startsWith("DEBUG ", i)
        || s.startsWith("WARNING ", i)
        || s.startsWith("ERROR ", i)
        || s.startsWith("CRITICAL ", i);
  }

  @Override
  public ParseResult parse(LogLine line, ParseContext ctx) {
    String s = line.body();
    if (Timestamps.iso(s, 0, stamp, true) != 19) {
      return new ParseResult.Malformed("shadowsocks (Python) line with an invalid date");
    }
    Instant time = ctx.instant(stamp, line.envelope());
    int p = Chars.skipSpaces(s, Chars.tokenEnd(s, 20));
    int word = Chars.tokenEnd(s, p);
    int py = s.indexOf(".py:", p);
    if (py > p && py < word) {
      p = Chars.skipSpaces(s, word); // ShadowsocksR: "tcprelay.py:642 "
    }
    if (time == null) {
      return new ParseResult.Malformed("shadowsocks (Python) line with an impossible date");
    }
    if (s.startsWith("connecting ", p)) {
      int from = s.indexOf(" from ", p);
      if (from < 0) {
        return new ParseResult.Malformed("'connecting' without ' from '");
      }
      HostPort target = HostPort.parse(s.substring(p + 11, from));
      HostPort client = HostPort.parse(s.substring(from + 6).strip());
      if (target == null || target.port() < 0 || client == null || client.port() < 0) {
        return new ParseResult.Malformed("'connecting' line without two host:port");
      }
      return event(line, ctx, time, null, Endpoint.of(client.host(), client.port()), target);
    }
    if (s.startsWith("TCP request ", p)) {
      int by = s.indexOf(" by user ", p);
      HostPort target = by < 0 ? null : HostPort.parse(s.substring(p + 12, by));
      // "by user %d" (tcprelay.py): a missing or non-numeric user is a line cut short or
      // garbage, not a user named "".
      String user = by < 0 ? "" : s.substring(by + 9).strip();
      if (target == null
          || target.port() < 0
          || user.isEmpty()
          || !user.chars().allMatch(c -> c >= '0' && c <= '9')) {
        return new ParseResult.Malformed("'TCP request' line without host:port by user");
      }
      return event(line, ctx, time, user, null, target);
    }
    return new ParseResult.Ignored("shadowsocks (Python) message");
  }

  private static ParseResult event(
      LogLine line, ParseContext ctx, Instant time, String user, Endpoint src, HostPort target) {
    return new ParseResult.Parsed(
        new ConnectionEvent(
            time,
            null,
            Dataset.SHADOWSOCKS_PYTHON,
            user,
            null,
            src,
            Destination.of(target.host(), target.port()),
            Transport.TCP,
            Action.ACCEPTED,
            Route.NONE,
            null,
            ctx.origin(line)));
  }
}
