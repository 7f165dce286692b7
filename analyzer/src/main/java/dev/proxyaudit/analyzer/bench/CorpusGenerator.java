package dev.proxyaudit.analyzer.bench;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A deterministic corpus in the real formats, mixed as on a busy shared server: V2Ray and Xray
 * access lines in all their variants, the V2Ray error log at info level, shadowsocks-libev on
 * stdout and through syslog, kernel LOG lines in kern.log and journald form, ulogd JSON. Line
 * shapes are those of sample-logs/ and docs/formats.md; a few thousand users and clients, about 3%
 * of connections to port 25, one line in a thousand malformed.
 */
public final class CorpusGenerator {
  /** Share of lines per file, in thousandths: access logs dominate a real server. */
  private static final String[][] FILES = {
    {"v2ray/access.log", "380"},
    {"xray/access.log", "200"},
    {"v2ray/error.log", "150"},
    {"shadowsocks-libev/ss-server.log", "60"},
    {"syslog", "40"},
    {"kern.log", "90"},
    {"journal-k.txt", "40"},
    {"ulog/ulogd.json", "40"},
  };

  private CorpusGenerator() {}

  /** Writes about {@code lines} lines under {@code dir}; returns the files written. */
  public static List<Path> generate(Path dir, long lines, long seed) throws IOException {
    List<Path> out = new ArrayList<>();
    for (String[] f : FILES) {
      Path p = dir.resolve(f[0]);
      Files.createDirectories(p.getParent());
      long n = lines * Integer.parseInt(f[1]) / 1000;
      SplittableRandom r = new SplittableRandom(seed ^ f[0].hashCode());
      try (BufferedWriter w = Files.newBufferedWriter(p, StandardCharsets.UTF_8)) {
        for (long i = 0; i < n; i++) {
          if (r.nextInt(1000) == 0) {
            w.write(garbage(r));
          } else {
            w.write(line(f[0], i, n, r));
          }
          w.write('\n');
        }
      }
      out.add(p);
    }
    return out;
  }

  private static String garbage(SplittableRandom r) {
    return switch (r.nextInt(3)) {
      case 0 -> "2026/11/28 04:1";
      case 1 ->
          "Nov 28 04:10:11 vps kernel: [ 1205.642958] SMTP-OUT: IN= OUT=eth0 SRC=203.0.113.1 DST=";
      default -> "\u0000\u0001binary junk " + r.nextInt();
    };
  }

  private static String line(String file, long i, long n, SplittableRandom r) {
    // 28 days spread over the file, in order
    long sec = 1_795_000_000L + i * (28L * 86_400) / Math.max(1, n);
    int user = r.nextInt(3000);
    int client = r.nextInt(2000);
    int port = r.nextInt(100) < 3 ? 25 : r.nextInt(10) == 0 ? 80 : 443;
    String dest =
        r.nextBoolean()
            ? "203.0." + r.nextInt(256) + "." + (1 + r.nextInt(254))
            : "host" + r.nextInt(5000) + ".example.net";
    String cip = "198.51." + (client / 250) + "." + (1 + client % 250);
    int cport = 1024 + r.nextInt(60000);
    String[] t = Stamps.of(sec);
    return switch (file) {
      case "v2ray/access.log" ->
          t[0]
              + " "
              + cip
              + ":"
              + cport
              + " accepted tcp:"
              + dest
              + ":"
              + port
              + " [direct]"
              + (r.nextInt(4) == 0 ? " email:user" + user : " email: user" + user + "@example.com");
      case "xray/access.log" ->
          t[0]
              + "."
              + String.format("%06d", r.nextInt(1_000_000))
              + " from "
              + cip
              + ":"
              + cport
              + " accepted tcp:"
              + dest
              + ":"
              + port
              + " [vless-in -> direct] email: user"
              + user
              + "@example.com";
      case "v2ray/error.log" ->
          t[0]
              + " [Info] ["
              + (1_000_000_000L + r.nextInt(2_000_000_000))
              + "] "
              + (r.nextBoolean()
                  ? "v2ray.com/core/proxy/vmess/inbound: received request for tcp:"
                      + dest
                      + ":"
                      + port
                  : "v2ray.com/core/transport/internet/tcp: dialing TCP to tcp:"
                      + dest
                      + ":"
                      + port);
      case "shadowsocks-libev/ss-server.log" ->
          " " + t[1] + " INFO: [" + (8388 + user % 20) + "] connect to " + dest + ":" + port;
      case "syslog" ->
          t[2]
              + " vps ss-server[27354]: ["
              + (8388 + user % 20)
              + "] connect to "
              + dest
              + ":"
              + port;
      case "kern.log" ->
          t[2]
              + " vps kernel: ["
              + String.format("%5d.%06d", 1000 + i % 90000, r.nextInt(1_000_000))
              + "] SMTP-OUT: "
              + packet(r, port);
      case "journal-k.txt" -> t[3] + " vps kernel: SMTP-OUT: " + packet(r, port);
      default -> ulogdJson(t[4], r, port);
    };
  }

  private static String packet(SplittableRandom r, int port) {
    return "IN= OUT=eth0 SRC=203.0.113.1 DST=203.0."
        + r.nextInt(256)
        + "."
        + (1 + r.nextInt(254))
        + " LEN=60 TOS=0x00 PREC=0x00 TTL=64 ID="
        + r.nextInt(65536)
        + " DF PROTO=TCP SPT="
        + (32768 + r.nextInt(28000))
        + " DPT="
        + port
        + " WINDOW=64240 RES=0x00 SYN URGP=0 UID="
        + (r.nextBoolean() ? 65534 : 999)
        + " GID="
        + (r.nextBoolean() ? 65534 : 995)
        + " ";
  }

  private static String ulogdJson(String ts, SplittableRandom r, int port) {
    return "{\"timestamp\": \""
        + ts
        + "\", \"dvc\": \"Netfilter\", \"raw.pktlen\": 60,"
        + " \"raw.pktcount\": 1, \"oob.prefix\": \"SMTP-OUT\", \"oob.time.sec\": 0,"
        + " \"oob.time.usec\": 0, \"oob.mark\": 0, \"oob.hook\": 3, \"oob.family\": 2,"
        + " \"oob.protocol\": 2048, \"oob.uid\": 65534, \"oob.gid\": 65534,"
        + " \"raw.label\": 0, \"ip.protocol\": 6, \"ip.tos\": 0, \"ip.ttl\": 64, \"ip.totlen\": 60,"
        + " \"ip.ihl\": 5, \"ip.csum\": 0, \"ip.id\": "
        + r.nextInt(65536)
        + ", \"ip.fragoff\": 16384,"
        + " \"src_port\": "
        + (32768 + r.nextInt(28000))
        + ", \"dest_port\": "
        + port
        + ","
        + " \"tcp.seq\": 1, \"tcp.ackseq\": 0, \"tcp.window\": 64240, \"tcp.offset\": 0,"
        + " \"tcp.reserved\": 0, \"tcp.urg\": 0, \"tcp.ack\": 0, \"tcp.psh\": 0, \"tcp.rst\": 0,"
        + " \"tcp.syn\": 1, \"tcp.fin\": 0, \"tcp.res1\": 0, \"tcp.res2\": 0, \"tcp.csum\": 0,"
        + " \"oob.in\": \"\", \"oob.out\": \"eth0\", \"src_ip\": \"203.0.113.1\","
        + " \"dest_ip\": \"203.0."
        + r.nextInt(256)
        + "."
        + (1 + r.nextInt(254))
        + "\"}";
  }
}
