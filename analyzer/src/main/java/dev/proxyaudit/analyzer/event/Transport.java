package dev.proxyaudit.analyzer.event;

import java.util.Locale;

/** Transport protocol of a connection, as ECS {@code network.transport}. */
public enum Transport {
  TCP,
  UDP;

  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }
}
