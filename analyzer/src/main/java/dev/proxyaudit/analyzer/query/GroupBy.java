package dev.proxyaudit.analyzer.query;

/** What one row of {@code who} stands for. */
public enum GroupBy {
  /** One row per (service, user). */
  USER,
  /** One row per (service, client IP). */
  CLIENT,
  /** One row per (node, service, user): a fleet's answer only. */
  NODE;

  /** True when rows are users (and clients a column), as for {@link #USER}. */
  public boolean rowsAreUsers() {
    return this != CLIENT;
  }
}
