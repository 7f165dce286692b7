package dev.proxyaudit.analyzer.parse;

/**
 * Removes terminal colour codes: shadowsocks-libev colours stdout on a tty, sing-box always, and
 * rsyslog escapes ESC as {@code #033}.
 */
final class AnsiColours {
  private AnsiColours() {}

  static String strip(String s) {
    if (s.indexOf('\u001b') < 0 && !s.contains("#033[")) {
      return s;
    }
    StringBuilder sb = new StringBuilder(s.length());
    int i = 0;
    while (i < s.length()) {
      int seq = -1;
      if (s.charAt(i) == '\u001b' && i + 1 < s.length() && s.charAt(i + 1) == '[') {
        seq = i + 2;
      } else if (s.startsWith("#033[", i)) {
        seq = i + 5;
      }
      if (seq >= 0) {
        int j = seq;
        while (j < s.length() && (Character.isDigit(s.charAt(j)) || s.charAt(j) == ';')) {
          j++;
        }
        if (j < s.length() && Character.isLetter(s.charAt(j))) {
          i = j + 1;
          continue;
        }
      }
      sb.append(s.charAt(i++));
    }
    return sb.toString();
  }
}
