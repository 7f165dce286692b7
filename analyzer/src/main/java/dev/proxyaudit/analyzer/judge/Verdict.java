package dev.proxyaudit.analyzer.judge;

/** The judgement on one row of {@code who}. */
public enum Verdict {
  /** A limit of the policy was reached on a watched port. */
  ABUSE("abuse"),
  /** Connections to watched ports, below every limit. */
  BELOW_LIMITS("below-limits"),
  /** On the policy's allow-list. */
  ALLOWED("allowed"),
  /** Only report-only ports (mail submission): shown, not judged. */
  NOT_JUDGED("not-judged");

  private final String id;

  Verdict(String id) {
    this.id = id;
  }

  public String id() {
    return id;
  }
}
