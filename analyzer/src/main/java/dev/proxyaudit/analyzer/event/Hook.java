package dev.proxyaudit.analyzer.event;

import java.util.Locale;

/** The netfilter hook a logged packet passed, as its interfaces tell it. */
public enum Hook {
  /** To this host ({@code IN=} set, {@code OUT=} empty): someone connecting to the server. */
  INPUT,
  /** From this host ({@code IN=} empty): what the proxies send out. */
  OUTPUT,
  /** Through this host (both set): routed for another machine. */
  FORWARD;

  /** The name in the index and in event text. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
