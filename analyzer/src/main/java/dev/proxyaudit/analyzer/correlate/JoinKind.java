package dev.proxyaudit.analyzer.correlate;

/** How a kernel connection was tied to a proxy line, strongest first. */
public enum JoinKind {
  /** The proxy's own log named the local source port of its dial (Xray "local endpoint"). */
  SOURCE_PORT("source port"),
  /** Same destination IP and port, within the time window. */
  ADDRESS_AND_TIME("address and time"),
  /**
   * The line names a host whose address other requests' dial lines gave: that address and the port,
   * within the time window.
   */
  LEARNED_ADDRESS("learned address and time"),
  /** The proxy line names a host, not an IP: same port within the time window only. */
  TIME_ONLY("time only");

  private final String label;

  JoinKind(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
