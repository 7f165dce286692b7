package dev.proxyaudit.analyzer.parse;

import java.time.Instant;

/**
 * The wrapper a log line came in (syslog, journald, dmesg), already taken apart.
 *
 * @param kind which wrapper, if any
 * @param time wall-clock time of the wrapper, null when it had none or only an uptime
 * @param uptimeMicros kernel uptime from {@code [ 2196.056060]}, null when absent
 * @param host the syslog host field, null without one
 * @param ident the syslog tag ({@code kernel}, {@code ss-server}), null without one
 * @param afterHost index of the first character after the host field (0 for {@code NONE})
 * @param bodyStart index where the program's own text starts
 */
record Envelope(
    Kind kind,
    Instant time,
    Long uptimeMicros,
    String host,
    String ident,
    int afterHost,
    int bodyStart) {

  static final Envelope NONE = new Envelope(Kind.NONE, null, null, null, null, 0, 0);

  enum Kind {
    /** No wrapper: the line is the program's own output. */
    NONE,
    /** Time, host and {@code ident[pid]:} (rsyslog, journalctl, RFC 5424). */
    SYSLOG,
    /** Time and host but no tag: ulogd LOGEMU, or a program's own RFC 3339 line. */
    HEADER,
    /** {@code [uptime]} or {@code [ctime]} from dmesg. */
    DMESG
  }

  /** True when the line came from the kernel's own log (syslog {@code kernel:} or dmesg). */
  boolean fromKernel() {
    return kind == Kind.DMESG
        || kind == Kind.SYSLOG && ("kernel".equals(ident) || "klogd".equals(ident));
  }
}
