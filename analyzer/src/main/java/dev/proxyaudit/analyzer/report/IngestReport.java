package dev.proxyaudit.analyzer.report;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.proxyaudit.analyzer.index.FileReport;
import dev.proxyaudit.analyzer.index.Ingester;
import dev.proxyaudit.rules.SafeText;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import java.util.stream.Collectors;

/** Prints what an ingest read: a line per file, problems as {@code path:line: reason}. */
public final class IngestReport {
  private IngestReport() {}

  /** The per-file summary and totals, for {@code audit ingest}. */
  public static void text(Ingester.Result r, PrintWriter out) {
    long lines = 0;
    long events = 0;
    long ignored = 0;
    long malformed = 0;
    for (FileReport f : r.files()) {
      lines += f.lines();
      events += f.events();
      ignored += f.ignored();
      malformed += f.malformed();
      out.println(summary(f));
      for (String m : f.firstMalformed()) {
        out.println("  " + SafeText.printable(m));
      }
      if (f.malformed() > f.firstMalformed().size()) {
        out.println(
            "  ... " + (f.malformed() - f.firstMalformed().size()) + " more malformed lines");
      }
    }
    for (String p : r.problems()) {
      out.println(SafeText.printable(p));
    }
    out.printf(
        "total: %d files, %d lines, %d events, %d skipped, %d malformed%n",
        r.files().size(), lines, events, ignored, malformed);
    out.flush();
  }

  /** Only what went wrong, for commands whose main output is something else. */
  public static void problems(Ingester.Result r, PrintWriter err) {
    for (FileReport f : r.files()) {
      if (f.problem() != null) {
        err.println(SafeText.printable(f.path() + ": " + f.problem()));
      }
      for (String m : f.firstMalformed()) {
        err.println(SafeText.printable(m));
      }
      if (f.malformed() > f.firstMalformed().size()) {
        err.println(
            SafeText.printable(
                f.path()
                    + ": "
                    + (f.malformed() - f.firstMalformed().size())
                    + " more malformed lines"));
      }
    }
    for (String p : r.problems()) {
      err.println(SafeText.printable(p));
    }
    err.flush();
  }

  static String summary(FileReport f) {
    String path = SafeText.printable(f.path());
    if (f.status() == FileReport.Status.FAILED) {
      return path + ": skipped: " + SafeText.printable(f.problem());
    }
    if (f.status() == FileReport.Status.UNCHANGED) {
      return path + ": nothing new";
    }
    StringBuilder sb =
        new StringBuilder()
            .append(path)
            .append(": ")
            .append(f.lines())
            .append(" lines, ")
            .append(f.events())
            .append(" events");
    if (!f.byDataset().isEmpty()) {
      sb.append(" (").append(datasets(f.byDataset())).append(')');
    }
    sb.append(", ")
        .append(f.ignored())
        .append(" skipped, ")
        .append(f.malformed())
        .append(" malformed");
    if (f.partialLineLeft()) {
      sb.append(", last line unfinished (left for the next run)");
    }
    if (f.problem() != null) {
      sb.append(": ").append(SafeText.printable(f.problem()));
    }
    return sb.toString();
  }

  private static String datasets(Map<String, Long> byDataset) {
    return byDataset.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  /** The same summary as one JSON object. */
  public static void json(Ingester.Result r, PrintWriter out) throws IOException {
    try (JsonGenerator g = Json.generator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("files");
      for (FileReport f : r.files()) {
        g.writeStartObject();
        g.writeStringField("path", f.path());
        g.writeStringField("status", f.status().name().toLowerCase());
        Json.string(g, "problem", f.problem());
        g.writeNumberField("lines", f.lines());
        g.writeNumberField("events", f.events());
        g.writeNumberField("skipped", f.ignored());
        g.writeNumberField("malformed", f.malformed());
        Json.strings(g, "malformedExamples", f.firstMalformed());
        g.writeObjectFieldStart("datasets");
        for (Map.Entry<String, Long> e : f.byDataset().entrySet()) {
          g.writeNumberField(e.getKey(), e.getValue());
        }
        g.writeEndObject();
        g.writeBooleanField("partialLineLeft", f.partialLineLeft());
        g.writeEndObject();
      }
      g.writeEndArray();
      Json.strings(g, "problems", r.problems());
      g.writeNumberField("events", r.events());
      g.writeEndObject();
    }
    out.println();
    out.flush();
  }
}
