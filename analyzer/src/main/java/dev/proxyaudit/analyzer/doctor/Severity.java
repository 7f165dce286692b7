package dev.proxyaudit.analyzer.doctor;

/** How urgent a finding is: must-fix findings make {@code audit doctor} exit 7. */
public enum Severity {
  MUST_FIX("must-fix"),
  SHOULD_FIX("should-fix"),
  INFO("info");

  private final String label;

  Severity(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
