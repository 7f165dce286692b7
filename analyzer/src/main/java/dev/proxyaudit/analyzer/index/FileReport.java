package dev.proxyaudit.analyzer.index;

import java.util.List;
import java.util.Map;

/**
 * What reading one file gave.
 *
 * @param path the file
 * @param status read, unchanged (nothing new since the last run) or failed
 * @param problem why it failed or what was odd about it, null when nothing was
 * @param lines lines read this time
 * @param events connection events indexed
 * @param ignored lines that are known and not connections (error log, other programs)
 * @param malformed lines that could not be read
 * @param firstMalformed the first few malformed lines as {@code path:line: reason}
 * @param byDataset events per log format
 * @param partialLineLeft true when a last line without newline was left for the next run
 */
public record FileReport(
    String path,
    Status status,
    String problem,
    long lines,
    long events,
    long ignored,
    long malformed,
    List<String> firstMalformed,
    Map<String, Long> byDataset,
    boolean partialLineLeft) {

  /** Outcome of one file. */
  public enum Status {
    READ,
    UNCHANGED,
    FAILED
  }

  static FileReport failed(String path, String problem) {
    return new FileReport(path, Status.FAILED, problem, 0, 0, 0, 0, List.of(), Map.of(), false);
  }

  /** This report with a problem (the reader failed after what it read). */
  public FileReport withProblem(String why) {
    return new FileReport(
        path,
        lines == 0 ? Status.FAILED : status,
        problem == null ? why : problem + "; " + why,
        lines,
        events,
        ignored,
        malformed,
        firstMalformed,
        byDataset,
        partialLineLeft);
  }

  /** True when the operator should look at this file: it failed or has malformed lines. */
  public boolean hasProblems() {
    return status == Status.FAILED || malformed > 0 || problem != null;
  }
}
