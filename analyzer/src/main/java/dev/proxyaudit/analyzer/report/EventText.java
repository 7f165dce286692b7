package dev.proxyaudit.analyzer.report;

import dev.proxyaudit.analyzer.event.ConnectionEvent;
import dev.proxyaudit.analyzer.event.Destination;
import dev.proxyaudit.analyzer.event.Endpoint;
import dev.proxyaudit.analyzer.event.PacketInfo;
import dev.proxyaudit.analyzer.parse.ParseResult;
import dev.proxyaudit.rules.SafeText;
import java.time.ZoneId;

/**
 * One line per parse result, stable and readable: the form of golden files and of the parse
 * command. Fields that are absent are left out.
 */
public final class EventText {
  private EventText() {}

  public static String of(ParseResult r, ZoneId zone) {
    if (r instanceof ParseResult.Parsed p) {
      return of(p.event(), zone);
    }
    if (r instanceof ParseResult.Ignored i) {
      return "SKIP " + i.why();
    }
    return "MALFORMED " + ((ParseResult.Malformed) r).reason();
  }

  public static String of(ConnectionEvent e, ZoneId zone) {
    StringBuilder sb = new StringBuilder(e.dataset().id());
    sb.append(' ').append(e.time() == null ? "-" : Times.iso(e.time(), zone));
    if (e.uptimeMicros() != null) {
      sb.append(" uptime=").append(e.uptimeMicros() / 1_000_000).append('.');
      sb.append(String.format("%06d", e.uptimeMicros() % 1_000_000));
    }
    sb.append(' ').append(e.action().id());
    if (e.transport() != null) {
      sb.append(' ').append(e.transport().id());
    }
    if (e.user() != null) {
      sb.append(" user=").append(quoteIfNeeded(e.user()));
    }
    if (e.serverPort() != null) {
      sb.append(" server.port=").append(e.serverPort());
    }
    if (e.source() != null) {
      sb.append(" src=").append(endpoint(e.source()));
    }
    if (e.destination() != null) {
      sb.append(" dst=").append(destination(e.destination()));
    }
    if (e.route().inbound() != null) {
      sb.append(" in=").append(quoteIfNeeded(e.route().inbound()));
    }
    if (e.route().outbound() != null) {
      sb.append(" out=").append(quoteIfNeeded(e.route().outbound()));
    }
    PacketInfo p = e.packet();
    if (p != null) {
      sb.append(" prefix=").append(quoteIfNeeded(p.prefix()));
      sb.append(' ').append(p.direction().id());
      if (p.uid() != null) {
        sb.append(" uid=").append(p.uid());
      }
      if (p.gid() != null) {
        sb.append(" gid=").append(p.gid());
      }
      if (p.mark() != null) {
        sb.append(" mark=").append(p.mark());
      }
      if (p.syn()) {
        sb.append(" syn");
      }
    }
    return sb.toString();
  }

  private static String endpoint(Endpoint ep) {
    String host = ep.ip() != null ? ep.ip() : quoteIfNeeded(ep.address());
    String h = host.indexOf(':') >= 0 && ep.ip() != null ? "[" + host + "]" : host;
    return ep.port() < 0 ? h : h + ":" + ep.port();
  }

  private static String destination(Destination d) {
    if (d.ip() != null && d.domain() != null) {
      // a name with the address it was dialed at (V2Ray/Xray error log)
      String ip = d.ip().indexOf(':') >= 0 ? "[" + d.ip() + "]" : d.ip();
      return d.domain() + ":" + d.port() + " dst.ip=" + ip;
    }
    String host =
        d.ip() != null ? d.ip() : d.domain() != null ? d.domain() : quoteIfNeeded(d.address());
    String h = d.ip() != null && host.indexOf(':') >= 0 ? "[" + host + "]" : host;
    return h + ":" + d.port();
  }

  private static String quoteIfNeeded(String s) {
    String p = SafeText.printable(s);
    return p.isEmpty() || p.indexOf(' ') >= 0 || p.indexOf('"') >= 0
        ? "\"" + p.replace("\\", "\\\\").replace("\"", "\\\"") + "\""
        : p;
  }
}
