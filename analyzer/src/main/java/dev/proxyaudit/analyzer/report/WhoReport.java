package dev.proxyaudit.analyzer.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.proxyaudit.analyzer.correlate.ClockSkew;
import dev.proxyaudit.analyzer.correlate.JoinKind;
import dev.proxyaudit.analyzer.event.Dataset;
import dev.proxyaudit.analyzer.event.Service;
import dev.proxyaudit.analyzer.judge.WhoResult;
import dev.proxyaudit.analyzer.query.GroupBy;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;

/** Prints a {@link WhoResult} as a table, CSV or JSON. */
public final class WhoReport {
  private static final int ESSENTIAL = TextTable.ESSENTIAL;

  private final ZoneId zone;
  private final int width;

  /** A report whose tables are as wide as they need. */
  public WhoReport(ZoneId zone) {
    this(zone, Integer.MAX_VALUE);
  }

  /** A report whose tables leave out their least important columns beyond {@code width}. */
  public WhoReport(ZoneId zone, int width) {
    this.zone = zone;
    this.width = width;
  }

  public void print(WhoResult r, OutputFormat format, PrintWriter out) throws IOException {
    switch (format) {
      case TABLE -> table(r, out);
      case CSV -> csv(r, out);
      case JSON -> json(r, out);
    }
    out.flush();
  }

  private void table(WhoResult r, PrintWriter out) {
    String ports = ports(r.query().ports());
    if (!r.found()) {
      out.println("No connections to " + ports + " in the index.");
      inbound(r, out);
      return;
    }
    boolean byUser = r.query().by().rowsAreUsers();
    if (r.rows().isEmpty()) {
      out.println("No proxy log names a connection to " + ports + ".");
    } else {
      out.println("Connections to " + ports + " through the proxies:");
      boolean fleet = fleet(r);
      List<String> headers =
          new ArrayList<>(
              List.of(
                  "SERVICE",
                  byUser ? "USER" : "CLIENT",
                  byUser ? "CLIENTS" : "USERS",
                  "CONNECTIONS",
                  "CONFIRMED",
                  "BLOCKED",
                  "UNCONFIRMED",
                  "DESTINATIONS",
                  "PORTS",
                  "FIRST SEEN",
                  "LAST SEEN",
                  "VERDICT"));
      List<Integer> importance =
          new ArrayList<>(
              List.of(ESSENTIAL, ESSENTIAL, 7, ESSENTIAL, 8, 8, 5, 9, 4, 3, 2, ESSENTIAL));
      if (fleet) {
        headers.add(1, "NODES");
        importance.add(1, 6);
      }
      TextTable t = new TextTable(headers.toArray(String[]::new));
      t.importance(importance.stream().mapToInt(Integer::intValue).toArray());
      for (WhoResult.Row row : r.rows()) {
        List<String> cells =
            new ArrayList<>(
                List.of(
                    row.service().id(),
                    byUser ? userCell(row) : row.client(),
                    byUser ? list(row.clients(), "(not logged)") : list(row.users(), "(unknown)"),
                    Long.toString(row.connections()),
                    Long.toString(row.confirmed()),
                    Long.toString(row.blocked()),
                    Long.toString(row.unconfirmed()),
                    destinations(row),
                    portCounts(row.byPort()),
                    Times.iso(row.firstSeen(), zone),
                    Times.iso(row.lastSeen(), zone),
                    row.verdict().id()));
        if (fleet) {
          cells.add(1, list(row.nodes(), "-"));
        }
        t.row(cells.toArray(String[]::new));
      }
      leftOut(t.print(out, width), out);
      notes(r, byUser, out);
    }
    if (fleet(r)) {
      out.println();
      Wrap.println(
          out,
          "",
          "Counted by the fleet's cluster from what each node shipped (each line's kernel status as"
              + " its node joined it); the kernel's own record per uid is in each node's index"
              + " (audit who there).",
          width);
    }
    if (!r.kernel().isEmpty()) {
      out.println();
      out.println("Kernel log (netfilter) of packets to " + ports + ", by the sender's uid:");
      TextTable t =
          new TextTable(
              "UID",
              "SERVICE",
              "PACKETS",
              "CONNECTIONS",
              "UNATTRIBUTED",
              "DESTINATIONS",
              "FIRST SEEN",
              "LAST SEEN",
              "PREFIXES");
      t.importance(ESSENTIAL, ESSENTIAL, 8, ESSENTIAL, ESSENTIAL, 7, 3, 2, 4);
      for (WhoResult.KernelRow k : r.kernel()) {
        t.row(
            k.uid() == null ? "(not logged)" : k.uid().toString(),
            k.services().isEmpty() ? "-" : services(k),
            Long.toString(k.packets()),
            (k.approximate() ? "~" : "") + k.connections(),
            Long.toString(k.unattributed()),
            (k.approximate() ? "~" : "") + k.destinations(),
            k.firstSeen() == null ? "(uptime only)" : Times.iso(k.firstSeen(), zone),
            Times.iso(k.lastSeen(), zone),
            String.join(" ", k.prefixes()));
      }
      leftOut(t.print(out, width), out);
    }
    inbound(r, out);
    clock(r, out);
  }

  /** Says which columns a narrow terminal left out, and how to see them. */
  private void leftOut(List<String> headers, PrintWriter out) {
    if (!headers.isEmpty()) {
      Wrap.println(
          out,
          "  ",
          "("
              + String.join(", ", headers)
              + " left out to fit "
              + width
              + " columns; --wide"
              + " shows them)",
          width);
    }
  }

  private void clock(WhoResult r, PrintWriter out) {
    for (ClockSkew.Finding f : r.clock()) {
      out.println();
      out.println(ClockHint.text(f, zone));
    }
  }

  /** Packets to this host on the ports: named, so that none is taken for mail it sent. */
  private void inbound(WhoResult r, PrintWriter out) {
    for (Map.Entry<Integer, Long> e : r.inbound().entrySet()) {
      out.println();
      Wrap.println(
          out,
          "",
          e.getValue()
              + (e.getValue() == 1 ? " packet" : " packets")
              + " to port "
              + e.getKey()
              + " of this host (inbound, IN= set, OUT= empty): someone connecting to the server,"
              + " not counted as sent.",
          width);
    }
  }

  /** True for a fleet's answer: its rows name the nodes they came from. */
  private static boolean fleet(WhoResult r) {
    return r.rows().stream().anyMatch(row -> !row.nodes().isEmpty());
  }

  /** "~N" for an estimate (over 100,000 distinct). */
  private static String destinations(WhoResult.Row row) {
    return (row.destinationsApproximate() ? "~" : "") + row.destinations();
  }

  private static String services(WhoResult.KernelRow k) {
    return String.join("+", k.services().stream().map(Service::id).toList());
  }

  private static List<String> ids(List<Dataset> datasets) {
    return datasets.stream().map(Dataset::id).toList();
  }

  private static String userCell(WhoResult.Row row) {
    return row.user() != null ? row.user() : "(unknown)";
  }

  /** The reasons behind each verdict and why users are unknown, under the table. */
  private void notes(WhoResult r, boolean byUser, PrintWriter out) {
    boolean first = true;
    for (WhoResult.Row row : r.rows()) {
      if (row.reasons().isEmpty() && row.note() == null) {
        continue;
      }
      if (first) {
        out.println();
        first = false;
      }
      String who =
          row.service().id()
              + " "
              + (byUser && row.user() != null
                  ? row.user()
                  : byUser ? "unknown user from " + list(row.clients(), "?") : row.client());
      for (String reason : row.reasons()) {
        Wrap.println(out, "  ", who + ": " + row.verdict().id() + ": " + reason, width);
      }
      if (row.note() != null) {
        Wrap.println(out, "  ", who + ": user unknown: " + row.note(), width);
      }
    }
  }

  private static String list(List<String> values, String empty) {
    if (values.isEmpty()) {
      return empty;
    }
    if (values.size() <= 3) {
      return String.join(",", values);
    }
    return String.join(",", values.subList(0, 3)) + ",+" + (values.size() - 3) + " more";
  }

  private static String portCounts(Map<Integer, Long> byPort) {
    return byPort.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + ":" + e.getValue())
        .collect(Collectors.joining(","));
  }

  private static String ports(List<Integer> ports) {
    return (ports.size() == 1 ? "port " : "ports ")
        + ports.stream().map(String::valueOf).collect(Collectors.joining(","));
  }

  private static String[] csvHeader(boolean fleet) {
    List<String> h =
        new ArrayList<>(
            List.of(
                "kind",
                "service",
                "user",
                "client",
                "clients",
                "users",
                "connections",
                "confirmed",
                "blocked",
                "unconfirmed",
                "destinations",
                "first_seen",
                "last_seen",
                "verdict",
                "reasons",
                "uid",
                "packets",
                "unattributed",
                "prefixes"));
    if (fleet) {
      h.add("nodes"); // last: a script reading the local columns by position reads these too
    }
    return h.toArray(String[]::new);
  }

  private void csv(WhoResult r, PrintWriter out) throws IOException {
    boolean fleet = fleet(r); // once: a local answer has no row with nodes, so it scans them all
    CSVFormat fmt =
        CSVFormat.DEFAULT.builder().setHeader(csvHeader(fleet)).setRecordSeparator('\n').get();
    try (CSVPrinter p = new CSVPrinter(new NonClosingWriter(out), fmt)) {
      for (WhoResult.Row row : r.rows()) {
        p.printRecord(
            cells(
                "proxy",
                row.service().id(),
                row.user(),
                row.client(),
                String.join(" ", row.clients()),
                String.join(" ", row.users()),
                row.connections(),
                row.confirmed(),
                row.blocked(),
                row.unconfirmed(),
                destinations(row),
                Times.iso(row.firstSeen(), zone),
                Times.iso(row.lastSeen(), zone),
                row.verdict().id(),
                String.join("; ", row.reasons()),
                null,
                null,
                null,
                null,
                fleet ? String.join(" ", row.nodes()) : SKIP));
      }
      for (WhoResult.KernelRow k : r.kernel()) {
        p.printRecord(
            cells(
                "kernel",
                k.services().isEmpty() ? "netfilter" : services(k),
                null,
                null,
                null,
                null,
                k.connections(),
                null,
                null,
                null,
                k.destinations(),
                Times.iso(k.firstSeen(), zone),
                Times.iso(k.lastSeen(), zone),
                null,
                null,
                k.uid(),
                k.packets(),
                k.unattributed(),
                String.join(" ", k.prefixes())));
      }
    }
  }

  /** A cell left out of the record (the nodes column of a local answer). */
  private static final Object SKIP = new Object();

  private static Object[] cells(Object... values) {
    List<Object> out = new ArrayList<>(values.length);
    for (Object v : values) {
      if (v != SKIP) {
        out.add(CsvCells.cell(v));
      }
    }
    return out.toArray();
  }

  private void json(WhoResult r, PrintWriter out) throws IOException {
    try (JsonGenerator g = Json.generator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("ports");
      for (int p : r.query().ports()) {
        g.writeNumber(p);
      }
      g.writeEndArray();
      Json.string(g, "since", Times.iso(r.query().since(), zone));
      Json.string(g, "until", Times.iso(r.query().until(), zone));
      g.writeArrayFieldStart("who");
      for (WhoResult.Row row : r.rows()) {
        row(g, row, r.query().by());
      }
      g.writeEndArray();
      g.writeArrayFieldStart("kernel");
      for (WhoResult.KernelRow k : r.kernel()) {
        kernelRow(g, k);
      }
      g.writeEndArray();
      g.writeObjectFieldStart("joins");
      for (Map.Entry<JoinKind, Long> e : r.joins().entrySet()) {
        g.writeNumberField(e.getKey().label(), e.getValue());
      }
      g.writeNumberField("none", r.unattributed());
      g.writeEndObject();
      g.writeObjectFieldStart("inbound");
      for (Map.Entry<Integer, Long> e : r.inbound().entrySet()) {
        g.writeNumberField(e.getKey().toString(), e.getValue());
      }
      g.writeEndObject();
      g.writeArrayFieldStart("clock");
      for (ClockSkew.Finding f : r.clock()) {
        g.writeStartObject();
        g.writeNumberField("port", f.port());
        g.writeNumberField("shiftSeconds", f.shift().toSeconds());
        g.writeNumberField("matched", f.matched());
        g.writeNumberField("sampled", f.sampled());
        g.writeNumberField("unshifted", f.unshifted());
        ZoneOffset tz = ClockHint.suggestedOffset(f, zone);
        Json.string(g, "suggestTz", tz == null ? null : ClockHint.tz(tz));
        Json.string(g, "hint", ClockHint.text(f, zone));
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeEndObject();
    }
    out.println();
  }

  private void row(JsonGenerator g, WhoResult.Row row, GroupBy by) throws IOException {
    g.writeStartObject();
    g.writeStringField("service", row.service().id());
    if (by.rowsAreUsers()) {
      Json.string(g, "user", row.user());
      if (row.serverPort() != null) {
        g.writeNumberField("serverPort", row.serverPort());
      }
      Json.strings(g, "clients", row.clients());
      Json.counts(g, "byClient", row.clients(), row.byClient());
    } else {
      Json.string(g, "client", row.client());
      Json.strings(g, "users", row.users());
      Json.counts(g, "byUser", row.users(), row.byUser());
    }
    g.writeNumberField("connections", row.connections());
    g.writeNumberField("destinations", row.destinations());
    if (row.destinationsApproximate()) {
      g.writeBooleanField("destinationsApproximate", true);
    }
    g.writeNumberField("destinationNames", row.destinationNames());
    if (row.destinationNamesApproximate()) {
      g.writeBooleanField("destinationNamesApproximate", true);
    }
    g.writeObjectFieldStart("byPort");
    for (Map.Entry<Integer, Long> e : row.byPort().entrySet()) {
      g.writeNumberField(e.getKey().toString(), e.getValue());
    }
    g.writeEndObject();
    Json.string(g, "firstSeen", Times.iso(row.firstSeen(), zone));
    Json.string(g, "lastSeen", Times.iso(row.lastSeen(), zone));
    Json.strings(g, "datasets", ids(row.datasets()));
    g.writeNumberField("confirmed", row.confirmed());
    g.writeNumberField("blocked", row.blocked());
    g.writeNumberField("unconfirmed", row.unconfirmed());
    g.writeStringField("verdict", row.verdict().id());
    Json.strings(g, "reasons", row.reasons());
    Json.string(g, "userUnknownBecause", row.note());
    if (!row.nodes().isEmpty()) {
      Json.strings(g, "nodes", row.nodes());
    }
    g.writeEndObject();
  }

  private void kernelRow(JsonGenerator g, WhoResult.KernelRow k) throws IOException {
    g.writeStartObject();
    if (k.uid() == null) {
      g.writeNullField("uid");
    } else {
      g.writeNumberField("uid", k.uid());
    }
    g.writeNumberField("packets", k.packets());
    g.writeNumberField("connections", k.connections());
    g.writeNumberField("sourcePorts", k.sourcePorts());
    g.writeNumberField("destinations", k.destinations());
    if (k.approximate()) {
      g.writeBooleanField("approximate", true);
    }
    Json.string(g, "firstSeen", Times.iso(k.firstSeen(), zone));
    Json.string(g, "lastSeen", Times.iso(k.lastSeen(), zone));
    g.writeNumberField("withoutTime", k.withoutTime());
    Json.strings(g, "prefixes", k.prefixes());
    Json.strings(g, "datasets", ids(k.datasets()));
    Json.string(g, "service", k.services().isEmpty() ? null : services(k));
    g.writeNumberField("unattributed", k.unattributed());
    g.writeEndObject();
  }
}
