package dev.proxyaudit.rules;

/**
 * Free text (user names, reasons, findings) made safe for a rule file's comment: only letters,
 * digits and {@code @ . _ : + / = , -} and spaces survive; everything else, quotes, newlines and
 * '#' included, becomes '_'. So a user name from a log can neither end a comment nor add a rule.
 */
public final class RuleText {
  /** iptables' comment match takes at most 255 bytes; leave room for a prefix. */
  public static final int MAX = 200;

  private RuleText() {}

  public static String comment(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(Math.min(s.length(), MAX));
    for (int i = 0; i < s.length() && sb.length() < MAX; i++) {
      char c = s.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == ' '
              || "@._:+/=,-()%".indexOf(c) >= 0;
      sb.append(ok ? c : '_');
    }
    return sb.toString().strip();
  }
}
