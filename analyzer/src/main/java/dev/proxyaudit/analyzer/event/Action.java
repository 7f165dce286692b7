package dev.proxyaudit.analyzer.event;

import java.util.Locale;

/** What the log line says happened to the connection. */
public enum Action {
  /** A proxy accepted the request and dispatched it (even to a blackhole outbound). */
  ACCEPTED,
  /** A proxy refused the client's handshake; no destination is known. */
  REJECTED,
  /** A netfilter rule logged a packet; the verdict is in the rule, not the line. */
  LOGGED;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
