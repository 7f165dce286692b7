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

  /**
   * The per-file summary and totals on {@code out}, for {@code audit ingest}; what could not be
   * read on {@code err}, each file's right after its summary line (a terminal shows both in order).
   */
  public static void text(Ingester.Result r, PrintWriter out, PrintWriter err) {
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
      out.flush();
      problems(f, err);
      err.flush();
    }
    for (String p : r.problems()) {
      err.println(SafeText.printable(p));
    }
    err.flush();
    out.printf(
        "total: %d files, %d lines, %d events, %d skipped, %d malformed%n",
        r.files().size(), lines, events, ignored, malformed);
    out.flush();
  }

  /** Only what went wrong, for commands whose main output is something else. */
  public static void problems(Ingester.Result r, PrintWriter err) {
    for (FileReport f : r.files()) {
      problems(f, err);
    }
    for (String p : r.problems()) {
      err.println(SafeText.printable(p));
    }
    err.flush();
  }

  /** One file's problems: why it was not read or stopped, its first malformed lines. */
  private static void problems(FileReport f, PrintWriter err) {
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

  static String summary(FileReport f) {
    String path = SafeText.printable(f.path());
    if (f.status() == FileReport.Status.FAILED) {
      return path + ": not read"; // why: on stderr
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
      sb.append(", read stopped"); // where and why: on stderr
    }
    return sb.toString();
  }

  private static String datasets(Map<String, Long> byDataset) {
    return byDataset.entrySet().stream()
        .sorted(Map.Entry.comparingByKey())
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", "));
  }

  /**
   * The same summary as one JSON object on {@code out}, problems included; them also on {@code
   * err}.
   */
  public static void json(Ingester.Result r, PrintWriter out, PrintWriter err) throws IOException {
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
    problems(r, err);
  }
}
