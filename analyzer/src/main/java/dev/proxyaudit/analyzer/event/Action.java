package dev.proxyaudit.analyzer.event;

import java.util.Locale;

/** What the log line says happened to the connection. */
public enum Action {
  /** A proxy accepted the request and dispatched it (even to a blackhole outbound). */
  ACCEPTED,
  /** A proxy refused the client's handshake; no destination is known. */
  REJECTED,
  /** A netfilter rule logged a packet; the verdict is in the rule, not the line. */
  LOGGED,
  /** A proxy's outbound connected (its error log names both ends). */
  DIALED,
  /** A proxy's outbound could not connect (its error log names the address it tried). */
  DIAL_FAILED;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
