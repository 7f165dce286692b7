package dev.proxyaudit.analyzer.parse;

/** Fixed-position scanning helpers: the hot parsers read digits in place instead of by regex. */
final class Chars {
  private Chars() {}

  /** The number in {@code s[from, from+n)} if all are ASCII digits, else -1. */
  static int digits(String s, int from, int n) {
    if (from < 0 || from + n > s.length()) {
      return -1;
    }
    int v = 0;
    for (int i = from; i < from + n; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  static boolean isDigit(String s, int i) {
    return i >= 0 && i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9';
  }

  static boolean charAt(String s, int i, char c) {
    return i >= 0 && i < s.length() && s.charAt(i) == c;
  }

  /** Index of the next space at or after {@code from}, or the length. */
  static int tokenEnd(String s, int from) {
    int i = s.indexOf(' ', from);
    return i < 0 ? s.length() : i;
  }

  /** Index of the first non-space at or after {@code from}. */
  static int skipSpaces(String s, int from) {
    int i = from;
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  /** Month number 1-12 for an English three-letter abbreviation at {@code i}, else -1. */
  static int month(String s, int i) {
    if (i + 3 > s.length()) {
      return -1;
    }
    switch (s.substring(i, i + 3)) {
      case "Jan":
        return 1;
      case "Feb":
        return 2;
      case "Mar":
        return 3;
      case "Apr":
        return 4;
      case "May":
        return 5;
      case "Jun":
        return 6;
      case "Jul":
        return 7;
      case "Aug":
        return 8;
      case "Sep":
        return 9;
      case "Oct":
        return 10;
      case "Nov":
        return 11;
      case "Dec":
        return 12;
      default:
        return -1;
    }
  }

  static boolean isWeekday(String s, int i) {
    if (i + 3 > s.length()) {
      return false;
    }
    switch (s.substring(i, i + 3)) {
      case "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun":
        return true;
      default:
        return false;
    }
  }
}
