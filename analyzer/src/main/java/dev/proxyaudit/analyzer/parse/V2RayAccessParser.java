package dev.proxyaudit.analyzer.parse;

import dev.proxyaudit.analyzer.event.Action;
import dev.proxyaudit.analyzer.event.ConnectionEvent;
import dev.proxyaudit.analyzer.event.Dataset;
import dev.proxyaudit.analyzer.event.Destination;
import dev.proxyaudit.analyzer.event.Endpoint;
import dev.proxyaudit.analyzer.event.Route;
import dev.proxyaudit.analyzer.event.Transport;
import java.time.Instant;
import java.util.Locale;

/**
 * V2Ray v4/v5 and Xray access lines, and the error-log and DNS lines that share their stream.
 *
 * <p>Shape (docs/formats.md 1.1-1.7): {@code DATE TIME[.us] [from ]FROM accepted|rejected TO
 * [DETOUR] [REASON] [email: EMAIL]}. Written by {@code AccessMessage.String()} in {@code
 * common/log/access.go} of v2fly/v2ray-core and XTLS/Xray-core. Scanned by hand: the email and the
 * detour are free text, so the split works from known anchors, not from whitespace.
 */
final class V2RayAccessParser implements LineParser {
  private final Timestamps.Stamp stamp = new Timestamps.Stamp();

  @Override
  public boolean accepts(LogLine line) {
    String s = line.text();
    int b = line.envelope().bodyStart();
    return (Chars.charAt(s, b + 4, '/') && Chars.charAt(s, b + 7, '/') && Chars.isDigit(s, b))
        || s.startsWith("V2Ray ", b)
        || s.startsWith("Xray ", b)
        || s.startsWith("A unified platform for anti-censorship", b);
  }

  @Override
  public ParseResult parse(LogLine line, ParseContext ctx) {
    String s = line.body();
    int n = Timestamps.goLog(s, 0, stamp);
    if (n == 0) {
      return s.startsWith("V2Ray ") || s.startsWith("Xray ") || s.startsWith("A unified")
          ? new ParseResult.Ignored("V2Ray/Xray start-up banner")
          : new ParseResult.Malformed("V2Ray/Xray line with an invalid date");
    }
    boolean xray = n > 19; // microseconds: Xray since v25.1.30
    int p = n + 1;
    if (!Chars.charAt(s, n, ' ') || p >= s.length()) {
      return new ParseResult.Malformed("V2Ray/Xray line ends after the date");
    }
    if (s.charAt(p) == '[' && isSeverity(s, p)) {
      Instant time = ctx.instant(stamp, line.envelope());
      return time == null
          ? new ParseResult.Ignored("V2Ray/Xray error log")
          : V2RayErrorLine.parse(line, ctx, s, p, time);
    }
    if (s.startsWith("from ", p)) {
      xray = true;
      p += 5;
    }
    int acc = s.indexOf(" accepted ", p);
    int rej = s.indexOf(" rejected ", p);
    int status = acc < 0 ? rej : rej < 0 ? acc : Math.min(acc, rej);
    if (status < 0) {
      if (isDns(s, p)) {
        return new ParseResult.Ignored("Xray DNS log");
      }
      return isPanel(s, p)
          ? new ParseResult.Ignored("x-ui panel log")
          : new ParseResult.Malformed("V2Ray/Xray line is neither access, error nor DNS log");
    }
    if (status == p) {
      return new ParseResult.Malformed("access line without a source address");
    }
    Instant time = ctx.instant(stamp, line.envelope());
    if (time == null) {
      return new ParseResult.Malformed("access line with an impossible date");
    }
    Endpoint source = source(s.substring(p, status));
    boolean accepted = status == acc;
    return accepted
        ? accepted(line, ctx, s, status + 10, time, source, xray)
        : rejected(line, ctx, s, status + 10, time, source, xray);
  }

  /**
   * The x-ui panels' own logger, in the same journal as the Xray they run: {@code 2023/09/09
   * 06:59:57 INFO - user 1 login success} (x-ui, x-ui-english, 3x-ui): not a connection, and not a
   * line to report as unreadable on every run.
   */
  private static boolean isPanel(String s, int p) {
    for (String level : PANEL_LEVELS) {
      if (s.startsWith(level, p)) {
        return true;
      }
    }
    return false;
  }

  private static final String[] PANEL_LEVELS = {
    "DEBUG - ", "INFO - ", "NOTICE - ", "WARNING - ", "ERROR - "
  };

  private ParseResult accepted(
      LogLine line, ParseContext ctx, String s, int p, Instant time, Endpoint src, boolean xray) {
    int destEnd = Chars.tokenEnd(s, p);
    String to = s.substring(p, destEnd);
    Transport transport = Transport.TCP;
    String hostPort;
    if (to.startsWith("tcp:")) {
      hostPort = to.substring(4);
    } else if (to.startsWith("udp:")) {
      transport = Transport.UDP;
      hostPort = to.substring(4);
    } else if (to.startsWith("//")) {
      hostPort = to.substring(2); // HTTP inbound, CONNECT: a url.URL with only Host
    } else if (to.startsWith("http://")) {
      hostPort = httpHost(to.substring(7));
    } else {
      return new ParseResult.Malformed("destination '" + clip(to) + "' is not tcp:/udp:host:port");
    }
    HostPort hp = HostPort.parse(hostPort);
    if (hp == null || hp.port() < 0 || hp.host().isEmpty()) {
      return new ParseResult.Malformed("destination '" + clip(to) + "' has no host:port");
    }
    Tail tail = tail(s, destEnd);
    Route route = route(tail.detour);
    boolean xrayRoute = route.inbound() != null;
    ConnectionEvent event =
        new ConnectionEvent(
            time,
            null,
            dataset(line, xray || xrayRoute),
            tail.email,
            null,
            src,
            Destination.of(hp.host(), hp.port()),
            transport,
            Action.ACCEPTED,
            route,
            null,
            ctx.origin(line));
    return new ParseResult.Parsed(event);
  }

  private ParseResult rejected(
      LogLine line, ParseContext ctx, String s, int p, Instant time, Endpoint src, boolean xray) {
    Tail tail = tail(s, p);
    ConnectionEvent event =
        new ConnectionEvent(
            time,
            null,
            dataset(line, xray),
            tail.email,
            null,
            src,
            null,
            null,
            Action.REJECTED,
            Route.NONE,
            null,
            ctx.origin(line));
    return new ParseResult.Parsed(event);
  }

  /**
   * Xray when the line shows Xray's marks; otherwise the program its syslog or journal tag names;
   * otherwise "v2ray/xray": V2Ray 4.x/5.x and Xray before {@code from} (and with an inbound without
   * a tag) write the same words, and guessing would send the operator to the wrong config.
   */
  private static Dataset dataset(LogLine line, boolean xrayMarks) {
    if (xrayMarks) {
      return Dataset.XRAY_ACCESS;
    }
    String tag = line.envelope().ident();
    if (tag != null) {
      String t = tag.toLowerCase(Locale.ROOT);
      if (t.contains("xray")) {
        return Dataset.XRAY_ACCESS;
      }
      if (t.contains("v2ray")) {
        return Dataset.V2RAY_ACCESS;
      }
    }
    return Dataset.V2RAY_OR_XRAY_ACCESS;
  }

  /** What follows the destination: {@code [detour]}, a reason, and {@code email: x}. */
  private record Tail(String detour, String email) {}

  private static Tail tail(String s, int from) {
    int e = s.indexOf(" email:", from);
    String email = null;
    int middleEnd = s.length();
    if (e >= 0) {
      // v4.34+/Xray: " email: x"; v4.21-v4.33: "email:x " with a trailing space.
      email = s.substring(e + 7).strip();
      if (email.isEmpty()) {
        email = null;
      }
      middleEnd = e;
    }
    String middle = s.substring(Math.min(from, middleEnd), middleEnd).strip();
    String detour = null;
    if (middle.startsWith("[")) {
      if (middle.endsWith("]")) {
        detour = middle.substring(1, middle.length() - 1);
      } else {
        int close = middle.lastIndexOf("] ");
        detour = close > 0 ? middle.substring(1, close) : null;
      }
    }
    return new Tail(detour, email);
  }

  /** Xray's {@code in -> out}, {@code in >> out}, {@code in ==> out}; V2Ray's plain {@code out}. */
  private static Route route(String detour) {
    if (detour == null || detour.isEmpty()) {
      return Route.NONE;
    }
    for (String arrow : new String[] {" -> ", " >> ", " ==> "}) {
      int a = detour.lastIndexOf(arrow);
      if (a >= 0) {
        return new Route(detour.substring(0, a), detour.substring(a + arrow.length()));
      }
    }
    return new Route(null, detour);
  }

  /** {@code [tcp:|udp:|unix:]addr:port}, {@code [v6]:port}, or a bare word such as {@code DNS}. */
  private static Endpoint source(String from) {
    String a = from;
    if (a.startsWith("tcp:") || a.startsWith("udp:")) {
      a = a.substring(4);
    } else if (a.startsWith("unix:") || a.startsWith("@")) {
      return Endpoint.of(from, -1);
    }
    HostPort hp = HostPort.parse(a);
    if (hp == null || hp.port() < 0) {
      return Endpoint.of(a, -1);
    }
    return Endpoint.of(hp.host(), hp.port());
  }

  /** {@code host[:port]} of {@code host[:port]/path} from a plain HTTP proxy request. */
  private static String httpHost(String rest) {
    int slash = rest.indexOf('/');
    String authority = slash < 0 ? rest : rest.substring(0, slash);
    boolean hasPort =
        authority.startsWith("[") ? authority.contains("]:") : authority.indexOf(':') >= 0;
    return hasPort ? authority : authority + ":80";
  }

  private static boolean isSeverity(String s, int p) {
    return s.startsWith("[Info]", p)
        || s.startsWith("[Warning]", p)
        || s.startsWith("[Debug]", p)
        || s.startsWith("[Error]", p);
  }

  private static boolean isDns(String s, int p) {
    int word = Chars.tokenEnd(s, p);
    return s.startsWith(" got answer: ", word)
        || s.startsWith(" cache HIT: ", word)
        || s.startsWith(" cache OPTIMISTE: ", word);
  }

  static String clip(String s) {
    return s.length() <= 80 ? s : s.substring(0, 77) + "...";
  }
}
