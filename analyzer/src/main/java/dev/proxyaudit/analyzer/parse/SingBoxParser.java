package dev.proxyaudit.analyzer.parse;

import dev.proxyaudit.analyzer.event.Action;
import dev.proxyaudit.analyzer.event.ConnectionEvent;
import dev.proxyaudit.analyzer.event.Dataset;
import dev.proxyaudit.analyzer.event.Destination;
import dev.proxyaudit.analyzer.event.Endpoint;
import dev.proxyaudit.analyzer.event.Route;
import dev.proxyaudit.analyzer.event.Transport;
import dev.proxyaudit.rules.IpLiteral;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * sing-box's log (docs/formats.md 1.8): {@code [-0700 2006-01-02 15:04:05 ]LEVEL [ID[ DURATION]]
 * inbound/TYPE[TAG]: [USER] inbound connection to HOST:PORT}, {@code ... inbound packet connection
 * to ...} for UDP. The client is on an earlier line of the same connection ID, {@code inbound
 * connection from IP:PORT}; this parser remembers the last {@link #REMEMBERED} of them per file. A
 * file read from the middle (a resumed ingest) may have lost a connection's first line: its client
 * is then unknown, never another connection's.
 */
final class SingBoxParser implements LineParser {
  static final int REMEMBERED = 65_536;

  private static final String[] LEVELS = {
    "TRACE", "DEBUG", "INFO", "WARN", "ERROR", "FATAL", "PANIC"
  };
  private static final String TO = "inbound connection to ";
  private static final String PACKET_TO = "inbound packet connection to ";
  private static final String FROM = "inbound connection from ";
  private static final String PACKET_FROM = "inbound packet connection from ";

  private final Timestamps.Stamp stamp = new Timestamps.Stamp();
  private final Map<String, Endpoint> clients =
      new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Endpoint> eldest) {
          return size() > REMEMBERED;
        }
      };

  /** Where the parts of the current line start; -1 for a part it lacks. */
  private int timeEnd;

  private int idStart;
  private int idEnd;
  private int tagStart;
  private int messageStart;

  @Override
  public boolean accepts(LogLine line) {
    return layout(line.text(), line.envelope().bodyStart());
  }

  /**
   * The line's layout from {@code b}: an optional sing-box time, a level, an optional {@code [ID
   * ...]}, then {@code inbound/}, {@code outbound/} or another component and {@code ": "}.
   */
  private boolean layout(String s, int b) {
    timeEnd = -1;
    int p = b;
    int t = ownTime(s, b);
    if (t > 0) {
      timeEnd = t;
      p = t + 1;
    }
    int level = level(s, p);
    if (level < 0) {
      return false;
    }
    p = level + 1;
    idStart = -1;
    if (Chars.charAt(s, p, '[')) {
      int close = s.indexOf(']', p);
      if (close < 0 || !Chars.charAt(s, close + 1, ' ')) {
        return false;
      }
      idStart = p + 1;
      idEnd = Chars.tokenEnd(s, idStart); // the ID, without the duration after it
      if (idEnd > close) {
        idEnd = close;
      }
      p = close + 2;
    }
    tagStart = p;
    int colon = s.indexOf(": ", p);
    // inbound/vmess[tag], outbound/direct[direct], router, dns... : one token
    if (colon > p && s.indexOf(' ', p) >= colon && (timeEnd > 0 || idStart > 0)) {
      messageStart = colon + 2;
      return true;
    }
    // its own time and a level, then a message of no component: "sing-box started (1.100s)"
    messageStart = s.length();
    return timeEnd > 0;
  }

  /** The end of a {@code -0700 2006-01-02 15:04:05} time at {@code b}, or -1. */
  private int ownTime(String s, int b) {
    int n = Timestamps.singBox(s, b, stamp);
    return n == 0 || !Chars.charAt(s, b + n, ' ') ? -1 : b + n;
  }

  private static int level(String s, int p) {
    for (String l : LEVELS) {
      if (s.startsWith(l, p) && Chars.charAt(s, p + l.length(), ' ')) {
        return p + l.length();
      }
    }
    return -1;
  }

  @Override
  public ParseResult parse(LogLine line, ParseContext ctx) {
    String s = line.text();
    int b = line.envelope().bodyStart();
    layout(s, b);
    String id = idStart > 0 ? s.substring(idStart, idEnd) : null;
    int m = messageStart;
    String user = null;
    if (Chars.charAt(s, m, '[')) { // [USER] before the message: the inbound's user name
      int close = s.indexOf("] ", m);
      if (close > m + 1) {
        user = s.substring(m + 1, close);
        m = close + 2;
      }
    }
    boolean inbound = s.startsWith("inbound/", tagStart);
    String fromMark =
        s.startsWith(FROM, m) ? FROM : s.startsWith(PACKET_FROM, m) ? PACKET_FROM : null;
    if (inbound && fromMark != null) {
      int at = m + fromMark.length();
      HostPort from = HostPort.parse(s.substring(at, Chars.tokenEnd(s, at)));
      if (from == null || from.port() < 0 || !IpLiteral.isIp(from.host())) {
        // a client is an address; a name here is a hand-masked one (XX1.XX1...)
        return new ParseResult.Malformed("sing-box connection from a client without ip:port");
      }
      if (id != null) {
        clients.put(id, Endpoint.of(from.host(), from.port()));
      }
      return new ParseResult.Ignored("sing-box: the client of a connection");
    }
    boolean tcp = s.startsWith(TO, m);
    if (!inbound || !(tcp || s.startsWith(PACKET_TO, m))) {
      return new ParseResult.Ignored("sing-box message");
    }
    int at = m + (tcp ? TO : PACKET_TO).length();
    HostPort to = HostPort.parse(s.substring(at, Chars.tokenEnd(s, at)));
    if (to == null || to.port() < 0 || to.host().isEmpty()) {
      return new ParseResult.Malformed("sing-box connection to a destination without host:port");
    }
    Instant time = timeEnd > 0 ? ctx.instant(stamp) : line.envelope().time();
    if (time == null) {
      return new ParseResult.Malformed("sing-box line without a time (log.timestamp is off)");
    }
    int open = s.indexOf('[', tagStart);
    int close = open < 0 ? -1 : s.indexOf(']', open);
    String tag =
        open > 0 && close > open && close < messageStart ? s.substring(open + 1, close) : null;
    return new ParseResult.Parsed(
        new ConnectionEvent(
            time,
            null,
            Dataset.SING_BOX,
            user,
            null,
            id == null ? null : clients.get(id),
            Destination.of(to.host(), to.port()),
            tcp ? Transport.TCP : Transport.UDP,
            Action.ACCEPTED,
            new Route(tag, null),
            null,
            ctx.origin(line)));
  }
}
