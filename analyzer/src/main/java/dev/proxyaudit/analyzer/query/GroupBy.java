package dev.proxyaudit.analyzer.query;

/** What one row of {@code who} stands for. */
public enum GroupBy {
  /** One row per (service, user). */
  USER,
  /** One row per (service, client IP). */
  CLIENT
}
