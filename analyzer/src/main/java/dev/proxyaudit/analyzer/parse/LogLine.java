package dev.proxyaudit.analyzer.parse;

/**
 * One line of a log file, its place in the file, and its wrapper.
 *
 * @param text the line without its terminator, ANSI colours removed
 * @param raw the line exactly as read: the evidence we keep
 * @param number 1-based line number
 * @param offset byte offset of the line in the (decompressed) file
 * @param envelope the syslog/journald/dmesg wrapper, or {@link Envelope#NONE}
 */
record LogLine(String text, String raw, long number, long offset, Envelope envelope) {

  /** The program's own text, after the wrapper. */
  String body() {
    return envelope.bodyStart() == 0 ? text : text.substring(envelope.bodyStart());
  }
}
