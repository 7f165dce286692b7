package dev.proxyaudit.analyzer.report;

import dev.proxyaudit.analyzer.correlate.Correlation;
import dev.proxyaudit.analyzer.correlate.KernelConnection;
import dev.proxyaudit.analyzer.query.Evidence;
import dev.proxyaudit.analyzer.query.KernelHit;
import dev.proxyaudit.analyzer.query.ProxyHit;
import dev.proxyaudit.analyzer.query.WhoResult;
import dev.proxyaudit.rules.SafeText;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The evidence for one user, for the operator and for the provider's abuse desk: verdict and
 * reasons, then each proxy line as it was logged with the kernel's lines for the same connection.
 * Log text is printed with control characters escaped: it was partly written by strangers.
 */
public final class ExplainReport {
  private final ZoneId zone;
  private final Evidence evidence;
  private final int limit;

  public ExplainReport(ZoneId zone, Evidence evidence, int limit) {
    this.zone = zone;
    this.evidence = evidence;
    this.limit = limit;
  }

  public void print(
      List<Map.Entry<WhoResult.Row, List<ProxyHit>>> rows,
      Correlation c,
      String onlyClient,
      PrintWriter out)
      throws IOException {
    if (rows.isEmpty()) {
      out.println("No connection of that user to these ports in the index.");
      out.flush();
      return;
    }
    boolean firstRow = true;
    for (Map.Entry<WhoResult.Row, List<ProxyHit>> e : rows) {
      if (!firstRow) {
        out.println();
      }
      firstRow = false;
      row(e.getKey(), e.getValue(), c, onlyClient, out);
    }
    out.flush();
  }

  private void row(
      WhoResult.Row r, List<ProxyHit> hits, Correlation c, String onlyClient, PrintWriter out)
      throws IOException {
    String who = r.user() != null ? safe(r.user()) : "unknown user";
    out.println(who + " through " + r.service() + ": " + r.verdict());
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
    Map<String, int[]> dests = new TreeMap<>();
    for (ProxyHit h : hits) {
      int[] n = dests.computeIfAbsent(hostPort(h), k -> new int[4]);
      n[0]++;
      n[1 + c.status(h).ordinal()]++;
    }
    out.println("  destinations:");
    for (Map.Entry<String, int[]> d : dests.entrySet()) {
      int[] n = d.getValue();
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
    out.println("  evidence (proxy line; under it, the kernel's lines for that connection):");
    int shown = 0;
    for (ProxyHit h : hits) {
      if (onlyClient != null && !onlyClient.equals(h.client())) {
        continue;
      }
      if (shown++ == limit) {
        out.println("    ... " + (hits.size() - limit) + " more lines (--limit)");
        break;
      }
      Evidence.Line l = evidence.line(h.doc());
      out.println("    " + safe(l.path()) + ":" + l.line() + ": " + safe(l.raw()));
      List<KernelConnection> ks = c.linked(h);
      if (ks.isEmpty()) {
        out.println("        " + c.status(h).id() + ": no kernel log line for this connection");
      }
      for (KernelConnection k : ks) {
        out.println(
            "        "
                + (k.blocked() ? "blocked" : "confirmed")
                + " (joined by "
                + c.joins().get(k).label()
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

  private static String hostPort(ProxyHit h) {
    String host = safe(h.destination());
    return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + h.port();
  }

  private static String safe(String s) {
    return s == null ? "" : SafeText.printable(s);
  }
}
