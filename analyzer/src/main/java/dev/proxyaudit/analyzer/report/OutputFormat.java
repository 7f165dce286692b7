package dev.proxyaudit.analyzer.report;

/** {@code --output}: for people, for spreadsheets, for scripts. */
public enum OutputFormat {
  TABLE,
  CSV,
  JSON
}
