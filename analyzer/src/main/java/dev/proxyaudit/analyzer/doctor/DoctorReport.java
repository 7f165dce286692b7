package dev.proxyaudit.analyzer.doctor;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.proxyaudit.rules.SafeText;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;

/** Prints the findings for a person (text) or a script (JSON). */
public final class DoctorReport {
  private DoctorReport() {}

  public static void text(List<Finding> findings, List<String> notChecked, PrintWriter out) {
    for (Finding f : findings) {
      out.println(f.severity().label() + "  " + f.id() + "  " + safe(f.where()));
      out.println("  problem: " + safe(f.problem()));
      out.println("  why:     " + safe(f.why()));
      out.println("  fix:");
      for (String line : f.fix().split("\n")) {
        out.println("    " + safe(line));
      }
      out.println();
    }
    for (String n : notChecked) {
      out.println("not checked: " + safe(n));
    }
    long must = findings.stream().filter(f -> f.severity() == Severity.MUST_FIX).count();
    long should = findings.stream().filter(f -> f.severity() == Severity.SHOULD_FIX).count();
    out.println(
        findings.isEmpty()
            ? "no problems found"
            : must
                + " must-fix, "
                + should
                + " should-fix, "
                + (findings.size() - must - should)
                + " info");
  }

  public static void json(List<Finding> findings, List<String> notChecked, PrintWriter out)
      throws IOException {
    JsonGenerator g = new JsonFactory().createGenerator(out);
    g.useDefaultPrettyPrinter();
    g.writeStartObject();
    g.writeArrayFieldStart("findings");
    for (Finding f : findings) {
      g.writeStartObject();
      g.writeStringField("id", f.id());
      g.writeStringField("severity", f.severity().label());
      g.writeStringField("file", f.file());
      if (f.line() > 0) {
        g.writeNumberField("line", f.line());
      } else {
        g.writeNullField("line");
      }
      g.writeStringField("problem", f.problem());
      g.writeStringField("why", f.why());
      g.writeStringField("fix", f.fix());
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeArrayFieldStart("notChecked");
    for (String n : notChecked) {
      g.writeString(n);
    }
    g.writeEndArray();
    g.writeEndObject();
    g.flush();
    out.println();
  }

  private static String safe(String s) {
    return SafeText.printable(s);
  }
}
