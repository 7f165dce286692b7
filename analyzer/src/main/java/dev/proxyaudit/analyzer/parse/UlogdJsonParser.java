package dev.proxyaudit.analyzer.parse;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.proxyaudit.analyzer.event.Action;
import dev.proxyaudit.analyzer.event.ConnectionEvent;
import dev.proxyaudit.analyzer.event.Dataset;
import dev.proxyaudit.analyzer.event.Destination;
import dev.proxyaudit.analyzer.event.Endpoint;
import dev.proxyaudit.analyzer.event.PacketInfo;
import dev.proxyaudit.analyzer.event.Route;
import dev.proxyaudit.analyzer.event.Transport;
import dev.proxyaudit.rules.IpLiteral;
import java.io.IOException;
import java.time.Instant;

/**
 * ulogd2 JSON output, one object per line ({@code output/ulogd_output_JSON.c}, docs/formats.md
 * 4.5).
 *
 * <p>Keys use CIM names ({@code src_ip}, {@code dest_ip}, {@code src_port}, {@code dest_port}) and
 * ulogd names ({@code oob.prefix}, {@code oob.uid}, {@code ip.protocol}). {@code oob.time.sec} is
 * epoch time and wins over {@code timestamp}, which 2.0.8 prints in local time without an offset.
 */
final class UlogdJsonParser implements LineParser {
  private static final JsonFactory JSON = new JsonFactory();
  private final Timestamps.Stamp stamp = new Timestamps.Stamp();

  @Override
  public boolean accepts(LogLine line) {
    String s = line.text();
    int b = line.envelope().bodyStart();
    return Chars.charAt(s, b, '{')
        && (s.indexOf("\"oob.prefix\"", b) > 0 || s.indexOf("\"dest_ip\"", b) > 0);
  }

  @Override
  public ParseResult parse(LogLine line, ParseContext ctx) {
    Fields f = new Fields();
    try (JsonParser p = JSON.createParser(line.body())) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        return new ParseResult.Malformed("ulogd JSON line is not an object");
      }
      JsonToken t;
      while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        JsonToken v = p.nextToken();
        if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
          p.skipChildren();
        } else {
          f.put(key, v, p);
        }
      }
      if (t != JsonToken.END_OBJECT) {
        return new ParseResult.Malformed("ulogd JSON object does not end");
      }
      // ulogd writes exactly one object per line (json_dumpf + "\n"): text after it means the
      // line is not ulogd's, or two writes got mixed.
      if (p.nextToken() != null) {
        return new ParseResult.Malformed("text after the ulogd JSON object");
      }
    } catch (IOException e) {
      return new ParseResult.Malformed("invalid JSON: " + firstLine(e.getMessage()));
    }
    return event(line, ctx, f);
  }

  private ParseResult event(LogLine line, ParseContext ctx, Fields f) {
    Transport transport = f.protocol == 6 ? Transport.TCP : f.protocol == 17 ? Transport.UDP : null;
    if (transport == null) {
      return new ParseResult.Ignored("ulogd packet without ports (ip.protocol=" + f.protocol + ")");
    }
    String src = f.srcIp == null ? null : IpLiteral.canonical(f.srcIp).orElse(null);
    String dst = f.dstIp == null ? null : IpLiteral.canonical(f.dstIp).orElse(null);
    if (src == null || dst == null) {
      return new ParseResult.Malformed("ulogd JSON without valid src_ip and dest_ip");
    }
    if (f.srcPort < 0 || f.srcPort > 65535 || f.dstPort < 0 || f.dstPort > 65535) {
      return new ParseResult.Malformed("ulogd JSON without valid src_port and dest_port");
    }
    Instant time = time(f, ctx);
    if (time == null) {
      return new ParseResult.Malformed("ulogd JSON without a valid time");
    }
    PacketInfo packet =
        new PacketInfo(
            f.prefix == null ? "" : f.prefix.strip(), f.in, f.out, f.uid, f.gid, f.mark, f.syn);
    return new ParseResult.Parsed(
        new ConnectionEvent(
            time,
            null,
            Dataset.ULOGD_JSON,
            null,
            null,
            new Endpoint(f.srcIp, src, (int) f.srcPort),
            new Destination(f.dstIp, null, dst, (int) f.dstPort),
            transport,
            Action.LOGGED,
            Route.NONE,
            packet,
            ctx.origin(line)));
  }

  /** 9999-12-31T23:59:59Z: an {@code oob.time.sec} beyond it is a damaged line, not a time. */
  private static final long LAST_SECOND = 253_402_300_799L;

  private Instant time(Fields f, ParseContext ctx) {
    if (f.sec > LAST_SECOND) {
      return null;
    }
    if (f.sec > 0) {
      return Instant.ofEpochSecond(f.sec, Math.max(0, Math.min(f.usec, 999_999)) * 1000);
    }
    if (f.timestamp != null && Timestamps.iso(f.timestamp, 0, stamp, false) > 0) {
      return ctx.instant(stamp);
    }
    return null;
  }

  private static String firstLine(String message) {
    if (message == null) {
      return "parse error";
    }
    int nl = message.indexOf('\n');
    return nl < 0 ? message : message.substring(0, nl);
  }

  /** The keys we use; the rest of ulogd's keys are skipped. */
  private static final class Fields {
    String timestamp;
    String prefix;
    String srcIp;
    String dstIp;
    String in;
    String out;
    long srcPort = -1;
    long dstPort = -1;
    long protocol = -1;
    long sec = -1;
    long usec;
    Integer uid;
    Integer gid;
    Long mark;
    boolean syn;

    void put(String key, JsonToken v, JsonParser p) throws IOException {
      boolean number = v == JsonToken.VALUE_NUMBER_INT;
      switch (key) {
        case "timestamp", "@timestamp" -> timestamp = p.getValueAsString();
        case "oob.prefix" -> prefix = p.getValueAsString();
        case "src_ip" -> srcIp = p.getValueAsString();
        case "dest_ip" -> dstIp = p.getValueAsString();
        case "oob.in" -> in = p.getValueAsString();
        case "oob.out" -> out = p.getValueAsString();
        case "src_port" -> srcPort = number ? p.getLongValue() : -1;
        case "dest_port" -> dstPort = number ? p.getLongValue() : -1;
        case "ip.protocol" -> protocol = number ? p.getLongValue() : -1;
        case "oob.time.sec" -> sec = number ? p.getLongValue() : -1;
        case "oob.time.usec" -> usec = number ? p.getLongValue() : 0;
        // ulogd prints these unsigned: a negative number is a corrupt line's, not an id.
        case "oob.uid" -> uid = number && p.getIntValue() >= 0 ? p.getIntValue() : null;
        case "oob.gid" -> gid = number && p.getIntValue() >= 0 ? p.getIntValue() : null;
        case "oob.mark" ->
            mark =
                number && p.getLongValue() >= 0 && p.getLongValue() <= 0xffffffffL
                    ? p.getLongValue()
                    : null;
        case "tcp.syn" -> syn = number && p.getLongValue() == 1;
        default -> {}
      }
    }
  }
}
