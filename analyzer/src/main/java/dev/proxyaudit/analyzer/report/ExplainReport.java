package dev.proxyaudit.analyzer.report;

import dev.proxyaudit.analyzer.correlate.ClockSkew;
import dev.proxyaudit.analyzer.correlate.Correlator;
import dev.proxyaudit.analyzer.correlate.InboundJoin;
import dev.proxyaudit.analyzer.correlate.KernelConnection;
import dev.proxyaudit.analyzer.correlate.ProxyStatus;
import dev.proxyaudit.analyzer.correlate.Server;
import dev.proxyaudit.analyzer.judge.RowKey;
import dev.proxyaudit.analyzer.judge.WhoResult;
import dev.proxyaudit.analyzer.judge.WhoService;
import dev.proxyaudit.analyzer.query.Evidence;
import dev.proxyaudit.analyzer.query.KernelHit;
import dev.proxyaudit.analyzer.query.ProxyHit;
import dev.proxyaudit.rules.SafeText;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The evidence for one user, for the operator and for the provider's abuse desk: verdict and
 * reasons, then each proxy line as it was logged with the kernel's lines for the same connection.
 * Log text is printed with control characters escaped: it was partly written by strangers.
 */
public final class ExplainReport {
  /** Destinations listed per row; more are counted, not listed. */
  public static final int MAX_DESTINATIONS = 10_000;

  private final ZoneId zone;
  private final Evidence evidence;
  private final int limit;

  public ExplainReport(ZoneId zone, Evidence evidence, int limit) {
    this.zone = zone;
    this.evidence = evidence;
    this.limit = limit;
  }

  /**
   * Gathers, while the who question reads its lines a second time, what {@link #print} shows of the
   * chosen rows: destinations, and the first {@code limit} lines (of {@code onlyClient}, when
   * given) with their kernel connections. Its size does not grow past the limit.
   */
  public Collector collector(Set<RowKey> rows, String onlyClient) {
    return new Collector(rows, onlyClient);
  }

  /** The evidence of some rows; see {@link #collector}. */
  public final class Collector implements WhoService.LineListener {
    private final Set<RowKey> rows;
    private final String onlyClient;
    private final Map<RowKey, Gathered> gathered = new HashMap<>();

    private Collector(Set<RowKey> rows, String onlyClient) {
      this.rows = Set.copyOf(rows);
      this.onlyClient = onlyClient;
    }

    @Override
    public void line(
        RowKey row, ProxyHit p, ProxyStatus status, List<Correlator.Link> links, Server server) {
      if (!rows.contains(row)) {
        return;
      }
      Gathered g = gathered.computeIfAbsent(row, k -> new Gathered());
      // a name with the address it went to: the abuse desk counts mail servers
      String dest =
          destination(
              p.destination(),
              p.port(),
              server == null ? null : server.ip(),
              server == null ? null : server.source());
      long[] n = g.destinations.get(dest);
      if (n == null && g.destinations.size() < MAX_DESTINATIONS) {
        n = new long[4];
        g.destinations.put(dest, n);
      }
      if (n == null) {
        g.unlisted++;
      } else {
        n[0]++;
        n[1 + status.ordinal()]++;
      }
      if (onlyClient == null || onlyClient.equals(p.client())) {
        if (g.matching++ < limit) {
          g.lines.add(new Shown(p, status, links));
        }
      }
    }
  }

  /** What is kept of one row. */
  private static final class Gathered {
    final Map<String, long[]> destinations = new TreeMap<>();
    long unlisted;
    long matching;
    final List<Shown> lines = new ArrayList<>();
  }

  private record Shown(ProxyHit p, ProxyStatus status, List<Correlator.Link> links) {}

  /** The chosen rows, in the answer's order, with what {@code c} gathered of them. */
  public void print(
      List<WhoResult.Row> rows, List<ClockSkew.Finding> clock, Collector c, PrintWriter out)
      throws IOException {
    if (rows.isEmpty()) {
      out.println("No connection of that user to these ports in the index.");
      out.flush();
      return;
    }
    boolean firstRow = true;
    for (WhoResult.Row r : rows) {
      if (!firstRow) {
        out.println();
      }
      firstRow = false;
      row(r, c.gathered.getOrDefault(r.key(), new Gathered()), out);
    }
    for (ClockSkew.Finding f : clock) {
      out.println();
      out.println(ClockHint.text(f, zone));
    }
    out.flush();
  }

  private void row(WhoResult.Row r, Gathered g, PrintWriter out) throws IOException {
    summary(r, g.destinations, g.unlisted, out);
    evidence(g, out);
    if (g.matching > limit) {
      out.println("    ... " + (r.connections() - limit) + " more lines (--limit)");
    }
  }

  /**
   * The verdict and figures of a row, and its destinations (a name at the address it went to, with
   * [lines, confirmed, blocked, unconfirmed]), as local and fleet explain print them.
   */
  private void summary(
      WhoResult.Row r, Map<String, long[]> destinations, long unlisted, PrintWriter out) {
    String who = r.user() != null ? safe(r.user()) : "unknown user";
    out.println(who + " through " + r.service().id() + ": " + r.verdict().id());
    for (String reason : r.reasons()) {
      out.println("  because: " + reason);
    }
    if (r.note() != null) {
      out.println("  user unknown: " + r.note());
    }
    out.println(
        "  clients: "
            + (r.clients().isEmpty()
                ? "(not logged)"
                : String.join(
                    ", ",
                    r.clients().stream()
                        .map(x -> safe(x) + " (" + r.byClient().get(x) + ")")
                        .toList())));
    out.println(
        "  seen: " + Times.iso(r.firstSeen(), zone) + " to " + Times.iso(r.lastSeen(), zone));
    out.println(
        "  connections: "
            + r.connections()
            + " (confirmed by the kernel log "
            + r.confirmed()
            + ", blocked "
            + r.blocked()
            + ", unconfirmed "
            + r.unconfirmed()
            + ")");
    out.println(
        "  destinations ("
            + (r.destinationsApproximate() ? "~" : "")
            + r.destinations()
            + (r.destinations() == 1 ? " server" : " servers")
            + "; a name at the address it went to):");
    for (Map.Entry<String, long[]> d : destinations.entrySet()) {
      long[] n = d.getValue();
      out.println(
          "    "
              + d.getKey()
              + "  "
              + n[0]
              + " (confirmed "
              + n[1]
              + ", blocked "
              + n[2]
              + ", unconfirmed "
              + n[3]
              + ")");
    }
    if (unlisted > 0) {
      out.println(
          "    ... "
              + unlisted
              + " more connections to destinations past the first "
              + MAX_DESTINATIONS
              + " (not listed)");
    }
  }

  private void evidence(Gathered g, PrintWriter out) throws IOException {
    out.println("  evidence (proxy line; under it, the kernel's lines for that connection):");
    for (Shown s : g.lines) {
      ProxyHit h = s.p();
      Evidence.Line l = evidence.line(h.doc());
      out.println("    " + safe(l.path()) + ":" + l.line() + ": " + safe(l.raw()));
      if (h.inboundDoc() >= 0) {
        Evidence.Line in = evidence.line(h.inboundDoc());
        out.println("        " + InboundJoin.heading(h) + ":");
        out.println("          " + safe(in.path()) + ":" + in.line() + ": " + safe(in.raw()));
      }
      if (s.links().isEmpty()) {
        out.println("        " + s.status().id() + ": no kernel log line for this connection");
      }
      for (Correlator.Link link : s.links()) {
        KernelConnection k = link.connection();
        out.println(
            "        "
                + (k.blocked() ? "blocked" : "confirmed")
                + " (joined by "
                + link.kind().label()
                + ", uid "
                + (k.uid() == null ? "not logged" : k.uid())
                + ", "
                + (k.hasTime() ? Times.iso(Instant.ofEpochMilli(k.timeMillis()), zone) : "-")
                + ")");
        for (KernelHit kh : k.hits()) {
          Evidence.Line kl = evidence.line(kh.doc());
          out.println("          " + safe(kl.path()) + ":" + kl.line() + ": " + safe(kl.raw()));
        }
      }
    }
  }

  /**
   * A fleet row: its summary and destinations, then its first lines as the nodes shipped them, each
   * with the kernel's lines its node joined to it.
   */
  public void fleetRow(
      WhoResult.Row r,
      Map<String, long[]> destinations,
      List<dev.proxyaudit.analyzer.fleet.FleetExplain.Line> lines,
      PrintWriter out) {
    summary(r, destinations, 0, out);
    out.println(
        "  nodes: " + String.join(", ", r.nodes().stream().map(ExplainReport::safe).toList()));
    out.println(
        "  evidence (node: proxy line; under it, the kernel's lines its node joined to it):");
    for (dev.proxyaudit.analyzer.fleet.FleetExplain.Line l : lines) {
      out.println(
          "    " + safe(l.node()) + ": " + safe(l.path()) + ":" + l.line() + ": " + safe(l.raw()));
      if (l.kernel().isEmpty()) {
        out.println("        " + safe(l.status()) + ": no kernel log line for this connection");
      }
      for (String k : l.kernel()) {
        out.println("          " + safe(k));
      }
    }
    if (r.connections() > lines.size() && lines.size() == limit) {
      out.println("    ... " + (r.connections() - limit) + " more lines (--limit)");
    }
    out.flush();
  }

  /** A destination's key as explain lists it: a name at the address it went to, and how known. */
  public static String destination(String host, int port, String server, Server.Source source) {
    String hp = hostPort(host, port);
    return server == null || source == Server.Source.LINE
        ? hp
        : hp + " at " + safe(server) + " (" + source.label() + ")";
  }

  private static String hostPort(String destination, int port) {
    String host = safe(destination);
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
  }

  static String safe(String s) {
    return s == null ? "" : SafeText.printable(s);
  }
}
