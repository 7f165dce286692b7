package dev.proxyaudit.analyzer.report;

/** HTML text escaping: log text (user names, destinations) is shown, never run. */
final class Html {
  private Html() {}

  static String text(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(s.length() + 16);
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '&' -> sb.append("&amp;");
        case '"' -> sb.append("&quot;");
        case '\'' -> sb.append("&#39;");
        default -> sb.append(c < 0x20 || c == 0x7f ? '?' : c);
      }
    }
    return sb.toString();
  }
}
