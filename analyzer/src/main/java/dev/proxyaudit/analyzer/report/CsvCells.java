package dev.proxyaudit.analyzer.report;

/** Makes a value safe as a spreadsheet cell: text from logs must not become a formula. */
final class CsvCells {
  private CsvCells() {}

  static String cell(Object value) {
    if (value == null) {
      return "";
    }
    String s = value.toString();
    if (!s.isEmpty() && "=+-@\t\r".indexOf(s.charAt(0)) >= 0) {
      return "'" + s;
    }
    return s;
  }
}
