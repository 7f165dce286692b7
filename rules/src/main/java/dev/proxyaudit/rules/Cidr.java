package dev.proxyaudit.rules;

/**
 * A validated network, {@code 203.0.113.0/24} or a single address; the text form is canonical (host
 * bits cleared), so it is safe to paste into any rule language.
 *
 * @param address canonical network address
 * @param prefix prefix length, 0..32 or 0..128
 * @param v6 true for IPv6
 */
public record Cidr(String address, int prefix, boolean v6) {

  /** Parses {@code ip} or {@code ip/len}; throws {@link IllegalArgumentException} otherwise. */
  public static Cidr parse(String text) {
    if (text == null) {
      throw new IllegalArgumentException("not an address or network: null");
    }
    String t = text.strip();
    int slash = t.indexOf('/');
    byte[] bytes = IpLiteral.parse(slash < 0 ? t : t.substring(0, slash));
    if (bytes == null) {
      throw new IllegalArgumentException("not an address or network: '" + text + "'");
    }
    int max = bytes.length * 8;
    int len = max;
    if (slash >= 0) {
      String p = t.substring(slash + 1);
      if (p.isEmpty() || p.length() > 3 || !p.chars().allMatch(c -> c >= '0' && c <= '9')) {
        throw new IllegalArgumentException("bad prefix length in '" + text + "'");
      }
      len = Integer.parseInt(p);
      if (len > max) {
        throw new IllegalArgumentException("prefix length over " + max + " in '" + text + "'");
      }
    }
    for (int bit = len; bit < max; bit++) {
      bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
    }
    return new Cidr(IpLiteral.format(bytes), len, bytes.length == 16);
  }

  /** True when {@code ip} (any literal form) lies in this network. */
  public boolean contains(String ip) {
    byte[] b = IpLiteral.parse(ip);
    if (b == null || (b.length == 16) != v6) {
      return false;
    }
    byte[] net = IpLiteral.parse(address);
    for (int bit = 0; bit < prefix; bit++) {
      int mask = 0x80 >>> (bit % 8);
      if ((b[bit / 8] & mask) != (net[bit / 8] & mask)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public String toString() {
    return prefix == (v6 ? 128 : 32) ? address : address + "/" + prefix;
  }
}
