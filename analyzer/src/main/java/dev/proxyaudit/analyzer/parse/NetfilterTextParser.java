package dev.proxyaudit.analyzer.parse;

import dev.proxyaudit.analyzer.event.Action;
import dev.proxyaudit.analyzer.event.ConnectionEvent;
import dev.proxyaudit.analyzer.event.Dataset;
import dev.proxyaudit.analyzer.event.Destination;
import dev.proxyaudit.analyzer.event.Endpoint;
import dev.proxyaudit.analyzer.event.PacketInfo;
import dev.proxyaudit.analyzer.event.Route;
import dev.proxyaudit.analyzer.event.Transport;
import dev.proxyaudit.rules.IpLiteral;
import dev.proxyaudit.rules.Ports;

/**
 * Kernel LOG lines (iptables, ip6tables, nftables {@code log}; {@code
 * net/netfilter/nf_log_syslog.c}) and ulogd2 LOGEMU lines ({@code util/printpkt.c}),
 * docs/formats.md 4.1 and 4.4.
 *
 * <p>{@code PREFIXIN=if OUT=if [MAC=..] SRC= DST= LEN= .. PROTO=TCP SPT= DPT= .. [UID= GID=]
 * [MARK=]}. The prefix is glued to {@code IN=}; the first {@code IN=} followed by an {@code OUT=}
 * ends it. IPv6 addresses come uncompressed from the kernel and are canonicalised.
 */
final class NetfilterTextParser implements LineParser {

  @Override
  public boolean accepts(LogLine line) {
    String s = line.text();
    int from = prefixStart(line);
    int src = s.indexOf(" SRC=", from);
    return src > 0 && s.lastIndexOf("IN=", src) >= from;
  }

  /**
   * Where the log prefix can start: after {@code kernel:} for the kernel, after the host for ulogd.
   */
  private static int prefixStart(LogLine line) {
    Envelope env = line.envelope();
    return env.fromKernel() || env.kind() == Envelope.Kind.NONE ? env.bodyStart() : env.afterHost();
  }

  @Override
  public ParseResult parse(LogLine line, ParseContext ctx) {
    String s = line.text();
    int from = prefixStart(line);
    int in = findIn(s, from);
    if (in < 0) {
      return new ParseResult.Malformed("netfilter line without 'IN=... OUT='");
    }
    Fields f = new Fields();
    f.read(s, in);
    if (f.src == null || f.dst == null) {
      return new ParseResult.Malformed("netfilter line without SRC= and DST=");
    }
    String srcIp = IpLiteral.canonical(f.src).orElse(null);
    String dstIp = IpLiteral.canonical(f.dst).orElse(null);
    if (srcIp == null || dstIp == null) {
      return new ParseResult.Malformed("netfilter SRC=/DST= is not an IP address");
    }
    Transport transport =
        "TCP".equals(f.proto) ? Transport.TCP : "UDP".equals(f.proto) ? Transport.UDP : null;
    if (transport == null) {
      return f.proto == null
          ? new ParseResult.Malformed("netfilter line without PROTO= (truncated?)")
          : new ParseResult.Ignored("netfilter packet without ports (PROTO=" + f.proto + ")");
    }
    int spt = Ports.parse(f.spt);
    int dpt = Ports.parse(f.dpt);
    if (spt < 0 || dpt < 0) {
      return new ParseResult.Malformed("netfilter " + f.proto + " line without SPT=/DPT=");
    }
    // The kernel (nf_log_dump_tcp_header/udp_header) and ulogd's printpkt always end the TCP
    // header with URGP= and the UDP header with a second LEN=. Without them the line was cut
    // short, possibly inside DPT= itself ("DPT=2" of "DPT=25"), so the ports cannot be trusted.
    if (transport == Transport.TCP ? !f.urgp : !f.lenAfterPorts) {
      return new ParseResult.Malformed("netfilter " + f.proto + " line cut short");
    }
    Envelope env = line.envelope();
    if (env.time() == null && env.uptimeMicros() == null) {
      return new ParseResult.Malformed("netfilter line without a time (no syslog or dmesg prefix)");
    }
    String prefix = s.substring(from, in).strip();
    PacketInfo packet =
        new PacketInfo(prefix, f.inIf, f.outIf, integer(f.uid), integer(f.gid), hex(f.mark), f.syn);
    return new ParseResult.Parsed(
        new ConnectionEvent(
            env.time(),
            env.uptimeMicros(),
            dataset(env, f),
            null,
            null,
            new Endpoint(f.src, srcIp, spt),
            new Destination(f.dst, null, dstIp, dpt),
            transport,
            Action.LOGGED,
            Route.NONE,
            packet,
            ctx.origin(line)));
  }

  /** Kernel text via syslog/dmesg; ulogd LOGEMU writes its own header and {@code TOS=00}. */
  private static Dataset dataset(Envelope env, Fields f) {
    if (env.fromKernel()) {
      return Dataset.NETFILTER_LOG;
    }
    if (env.kind() != Envelope.Kind.NONE) {
      return Dataset.ULOGD_LOGEMU;
    }
    boolean ulogd = f.tos != null ? !f.tos.startsWith("0x") : f.seq && !f.res;
    return ulogd ? Dataset.ULOGD_LOGEMU : Dataset.NETFILTER_LOG;
  }

  /**
   * Index of the {@code IN=} that starts the packet fields: the first one followed by {@code OUT=}.
   */
  private static int findIn(String s, int from) {
    int i = s.indexOf("IN=", from);
    while (i >= 0) {
      int end = Chars.tokenEnd(s, i);
      if (s.startsWith(" OUT=", end)) {
        return i;
      }
      i = s.indexOf("IN=", i + 3);
    }
    return -1;
  }

  private static Integer integer(String v) {
    // Digits only: the kernel prints UID/GID unsigned, and Integer.valueOf took "UID=-1534" (a
    // corrupt line) as uid -1534.
    if (v == null || v.isEmpty() || v.length() > 10 || !Chars.isDigit(v, 0)) {
      return null;
    }
    try {
      return Integer.valueOf(v);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** {@code MARK=0x1f} (kernel, ulogd 2.0.8) or {@code MARK=1f} (ulogd 2.0.5 prints %x). */
  private static Long hex(String v) {
    if (v == null) {
      return null;
    }
    String h = v.startsWith("0x") ? v.substring(2) : v;
    // parseLong takes a sign: "MARK=-1f" gave a negative mark.
    if (h.isEmpty() || h.length() > 8 || h.charAt(0) == '-' || h.charAt(0) == '+') {
      return null;
    }
    try {
      return Long.parseLong(h, 16);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** The KEY=VALUE and flag words of one line, read once from left to right. */
  private static final class Fields {
    String inIf;
    String outIf;
    String src;
    String dst;
    String proto;
    String spt;
    String dpt;
    String uid;
    String gid;
    String mark;
    String tos;
    boolean syn;
    boolean seq;
    boolean res;
    boolean urgp;
    boolean lenAfterPorts;

    void read(String s, int from) {
      int p = from;
      int n = s.length();
      while (p < n) {
        int end = Chars.tokenEnd(s, p);
        // Look for '=' in this token only: searching to the end of the line made a line of
        // many tokens without '=' quadratic (seconds for 64 KiB of "[ [ [").
        int eq = p;
        while (eq < end && s.charAt(eq) != '=') {
          eq++;
        }
        if (eq >= end) {
          if (end - p == 3 && s.startsWith("SYN", p)) {
            syn = true;
          }
        } else {
          put(s.substring(p, eq), s.substring(eq + 1, end));
        }
        p = end + 1;
      }
    }

    private void put(String key, String value) {
      switch (key) {
        case "IN" -> inIf = inIf == null ? value : inIf;
        case "OUT" -> outIf = outIf == null ? value : outIf;
        case "SRC" -> src = src == null ? value : src;
        case "DST" -> dst = dst == null ? value : dst;
        case "PROTO" -> proto = proto == null ? value : proto;
        case "SPT" -> spt = spt == null ? value : spt;
        case "DPT" -> dpt = dpt == null ? value : dpt;
        case "UID" -> uid = value;
        case "GID" -> gid = value;
        case "MARK" -> mark = value;
        case "TOS" -> tos = value;
        case "SEQ" -> seq = true;
        case "RES" -> res = true;
        case "URGP" -> urgp = true;
        case "LEN" -> lenAfterPorts = lenAfterPorts || dpt != null;
        default -> {}
      }
    }
  }
}
