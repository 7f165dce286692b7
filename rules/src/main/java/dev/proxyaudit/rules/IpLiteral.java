package dev.proxyaudit.rules;

import java.util.Optional;

/**
 * Parses IPv4 and IPv6 literals strictly, without DNS, into one canonical text form.
 *
 * <p>Log files print the same address several ways: the kernel's {@code %pI6} never compresses
 * IPv6, Go and ulogd do (RFC 5952), Python shows IPv4-mapped {@code ::ffff:1.2.3.4}. Joins and rule
 * files need one form; and nothing that is not an address may reach a rule, so this never calls
 * {@link java.net.InetAddress#getByName} on log text (which would resolve names).
 */
public final class IpLiteral {
  private IpLiteral() {}

  /** The canonical form of an IP literal, or empty when {@code text} is not exactly one. */
  public static Optional<String> canonical(String text) {
    byte[] bytes = parse(text);
    return bytes == null ? Optional.empty() : Optional.of(format(bytes));
  }

  /** True when {@code text} is an IP literal (v4 or v6) with nothing around it. */
  public static boolean isIp(String text) {
    return parse(text) != null;
  }

  /** 4 or 16 address bytes, IPv4-mapped IPv6 reduced to 4; null when not a literal. */
  public static byte[] parse(String text) {
    if (text == null || text.isEmpty() || text.length() > 45) {
      return null;
    }
    if (text.indexOf(':') < 0) {
      return parseV4(text, 0, text.length());
    }
    byte[] v6 = parseV6(text);
    if (v6 != null && isV4Mapped(v6)) {
      byte[] v4 = new byte[4];
      System.arraycopy(v6, 12, v4, 0, 4);
      return v4;
    }
    return v6;
  }

  /** RFC 5952 text for 16 bytes, dotted quad for 4. */
  public static String format(byte[] bytes) {
    if (bytes.length == 4) {
      return (bytes[0] & 0xff)
          + "."
          + (bytes[1] & 0xff)
          + "."
          + (bytes[2] & 0xff)
          + "."
          + (bytes[3] & 0xff);
    }
    int[] groups = new int[8];
    for (int i = 0; i < 8; i++) {
      groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
    }
    int bestStart = -1;
    int bestLen = 0;
    for (int i = 0; i < 8; ) {
      if (groups[i] != 0) {
        i++;
        continue;
      }
      int j = i;
      while (j < 8 && groups[j] == 0) {
        j++;
      }
      if (j - i > bestLen && j - i >= 2) {
        bestStart = i;
        bestLen = j - i;
      }
      i = j;
    }
    StringBuilder sb = new StringBuilder(39);
    for (int i = 0; i < 8; i++) {
      if (i == bestStart) {
        sb.append("::");
        i += bestLen - 1;
        continue;
      }
      if (sb.length() > 0 && sb.charAt(sb.length() - 1) != ':') {
        sb.append(':');
      }
      sb.append(Integer.toHexString(groups[i]));
    }
    return sb.toString();
  }

  private static boolean isV4Mapped(byte[] b) {
    for (int i = 0; i < 10; i++) {
      if (b[i] != 0) {
        return false;
      }
    }
    return (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
  }

  private static byte[] parseV4(String s, int from, int to) {
    byte[] out = new byte[4];
    int part = 0;
    int i = from;
    while (part < 4) {
      int start = i;
      int value = 0;
      while (i < to && i - start < 3 && Character.isDigit(s.charAt(i)) && s.charAt(i) < 128) {
        value = value * 10 + (s.charAt(i) - '0');
        i++;
      }
      int digits = i - start;
      if (digits == 0 || value > 255 || (digits > 1 && s.charAt(start) == '0')) {
        return null;
      }
      out[part++] = (byte) value;
      if (part < 4) {
        if (i >= to || s.charAt(i) != '.') {
          return null;
        }
        i++;
      }
    }
    return i == to ? out : null;
  }

  private static byte[] parseV6(String s) {
    int len = s.length();
    int[] groups = new int[8];
    int count = 0;
    int gap = -1;
    int i = 0;
    if (s.startsWith("::")) {
      gap = 0;
      i = 2;
      if (i == len) {
        return new byte[16];
      }
    } else if (s.charAt(0) == ':') {
      return null;
    }
    while (i < len) {
      if (count == 8) {
        return null;
      }
      int start = i;
      int value = 0;
      while (i < len && i - start < 4 && hex(s.charAt(i)) >= 0) {
        value = (value << 4) | hex(s.charAt(i));
        i++;
      }
      if (i < len && s.charAt(i) == '.') {
        // Embedded IPv4 tail, e.g. ::ffff:192.0.2.1 (Python's dual-stack sockets print this).
        if (count > 6) {
          return null;
        }
        byte[] v4 = parseV4(s, start, len);
        if (v4 == null) {
          return null;
        }
        groups[count++] = ((v4[0] & 0xff) << 8) | (v4[1] & 0xff);
        groups[count++] = ((v4[2] & 0xff) << 8) | (v4[3] & 0xff);
        i = len;
        break;
      }
      if (i == start) {
        return null;
      }
      groups[count++] = value;
      if (i == len) {
        break;
      }
      if (s.charAt(i) != ':') {
        return null;
      }
      i++;
      if (i < len && s.charAt(i) == ':') {
        if (gap >= 0) {
          return null;
        }
        gap = count;
        i++;
        if (i == len) {
          break;
        }
      } else if (i == len) {
        return null;
      }
    }
    if (gap < 0 && count != 8 || gap >= 0 && count > 7) {
      return null;
    }
    byte[] out = new byte[16];
    int tail = gap < 0 ? 0 : count - gap;
    for (int g = 0; g < count; g++) {
      int pos = gap >= 0 && g >= gap ? 8 - tail + (g - gap) : g;
      out[2 * pos] = (byte) (groups[g] >> 8);
      out[2 * pos + 1] = (byte) groups[g];
    }
    return out;
  }

  private static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
