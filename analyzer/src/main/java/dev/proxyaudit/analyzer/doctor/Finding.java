package dev.proxyaudit.analyzer.doctor;

import java.util.Objects;

/**
 * One problem: what is wrong where, why it hides the spammer, and the text to paste.
 *
 * @param line 1-based line in {@code file}, 0 when unknown
 */
public record Finding(
    String id, Severity severity, String file, int line, String problem, String why, String fix) {
  public Finding {
    Objects.requireNonNull(id);
    Objects.requireNonNull(severity);
    Objects.requireNonNull(file);
    Objects.requireNonNull(problem);
    Objects.requireNonNull(why);
    Objects.requireNonNull(fix);
  }

  /** {@code file:line}, or the file alone when the line is unknown. */
  public String where() {
    return line > 0 ? file + ":" + line : file;
  }
}
