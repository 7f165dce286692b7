package dev.proxyaudit.analyzer.parse;

import dev.proxyaudit.analyzer.event.ConnectionEvent;

/** What one line turned out to be. */
public sealed interface ParseResult {

  /** A connection event. */
  record Parsed(ConnectionEvent event) implements ParseResult {}

  /** A line we know and that is not a connection (error log, DNS, banner, other programs). */
  record Ignored(String why) implements ParseResult {}

  /** A line that should have been a connection but could not be read; the reason says why. */
  record Malformed(String reason) implements ParseResult {}
}
