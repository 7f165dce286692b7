package dev.proxyaudit.rules;

/**
 * Checks for text that log writers we do not control put in user names and host names.
 *
 * <p>E-mails in V2Ray configs and destination names sent by clients are free text; they may only
 * reach a rule file or a terminal through these checks.
 */
public final class SafeText {
  private SafeText() {}

  /**
   * True for a DNS host name as resolvers accept it: labels of letters, digits, '-' and '_' joined
   * by dots, at most 253 characters. Punycode passes; spaces, quotes and control characters do not.
   */
  public static boolean isHostName(String s) {
    if (s == null || s.isEmpty() || s.length() > 253) {
      return false;
    }
    int label = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '.') {
        if (label == 0) {
          return false;
        }
        label = 0;
      } else if (c < 128 && (Character.isLetterOrDigit(c) || c == '-' || c == '_')) {
        if (++label > 63) {
          return false;
        }
      } else {
        return false;
      }
    }
    return true;
  }

  /** The text with control characters (including ESC, CR, LF, DEL) replaced by '?'. */
  public static String printable(String s) {
    if (s == null) {
      return null;
    }
    for (int i = 0; i < s.length(); i++) {
      if (isControl(s.charAt(i))) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int j = 0; j < s.length(); j++) {
          char c = s.charAt(j);
          sb.append(isControl(c) ? '?' : c);
        }
        return sb.toString();
      }
    }
    return s;
  }

  private static boolean isControl(char c) {
    return c < 0x20 || c == 0x7f || (c >= 0x80 && c < 0xa0);
  }
}
