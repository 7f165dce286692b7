package dev.proxyaudit.analyzer.correlate;

/** What the kernel's log says about one proxy connection. */
public enum ProxyStatus {
  /** A matching packet left the machine. */
  CONFIRMED("confirmed"),
  /** Every matching packet hit a rule whose prefix says it was dropped or rejected. */
  BLOCKED("blocked"),
  /** No kernel log line matches (none covers it, or the proxy never dialed). */
  UNCONFIRMED("unconfirmed");

  private final String id;

  ProxyStatus(String id) {
    this.id = id;
  }

  /** The status with {@code id}, or null. */
  public static ProxyStatus byId(String id) {
    for (ProxyStatus s : values()) {
      if (s.id.equals(id)) {
        return s;
      }
    }
    return null;
  }

  public String id() {
    return id;
  }
}
