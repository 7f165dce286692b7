package dev.proxyaudit.analyzer.nightly;

import dev.proxyaudit.analyzer.index.EventIndex;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Function;

/**
 * Whether the sources still give events, so that a silent nightly run means "read and found
 * nothing", never "read nothing": no file matched the sources, or none gave an event for {@code
 * stale_after_days}. The warning is printed once a day (cron mails it once), the exit code says it
 * on every run (a systemd unit fails every time).
 */
final class Freshness {
  /** Wall time of the last run that indexed an event (epoch ms). */
  static final String LAST_EVENT_AT = "nightly.last_event_at";

  /** Wall time of the first run on this index: the start of the wait for a first event. */
  static final String FIRST_RUN_AT = "nightly.first_run_at";

  /** Wall time the current warning was last printed. */
  static final String WARNED_AT = "nightly.warned_at";

  private static final Duration WARN_EVERY = Duration.ofDays(1);

  /**
   * @param message what is wrong, or null when the sources are live
   * @param print true when this run prints it (the first run of the day that has it)
   */
  record Verdict(String message, boolean print) {
    boolean stale() {
      return message != null;
    }
  }

  private Freshness() {}

  /**
   * Records this run in the index's state (committed with the run) and judges the sources.
   *
   * @param inputs files matched plus journal sources read
   * @param newEvents events indexed by this run
   * @param time formats a time for the message
   */
  static Verdict check(
      EventIndex idx,
      Instant now,
      int inputs,
      long newEvents,
      int staleAfterDays,
      Function<Instant, String> time) {
    if (idx.state(FIRST_RUN_AT) == null) {
      idx.setState(FIRST_RUN_AT, Long.toString(now.toEpochMilli()));
    }
    if (newEvents > 0) {
      idx.setState(LAST_EVENT_AT, Long.toString(now.toEpochMilli()));
    }
    String message = null;
    if (inputs == 0) {
      message =
          "nothing to read: no file matches the configured sources and no journal source is"
              + " set (check 'sources' and 'journal' in the nightly configuration; 'audit doctor'"
              + " tells where this host logs)";
    } else if (staleAfterDays > 0) {
      Instant last = instant(idx, LAST_EVENT_AT);
      Instant since = last != null ? last : instant(idx, FIRST_RUN_AT);
      if (Duration.between(since, now).compareTo(Duration.ofDays(staleAfterDays)) > 0) {
        message =
            "no new events from the sources for more than "
                + staleAfterDays
                + (staleAfterDays == 1 ? " day" : " days")
                + (last != null ? " (last " + time.apply(last) + ")" : " (none ever)")
                + ", although "
                + inputs
                + (inputs == 1 ? " source was" : " sources were")
                + " read: is every proxy still writing its log? ('audit doctor' checks;"
                + " stale_after_days sets the limit)";
      }
    }
    if (message == null) {
      idx.removeState(WARNED_AT);
      return new Verdict(null, false);
    }
    Instant warned = instant(idx, WARNED_AT);
    boolean print =
        warned == null || !now.isBefore(warned.plus(WARN_EVERY)) || now.isBefore(warned);
    if (print) {
      idx.setState(WARNED_AT, Long.toString(now.toEpochMilli()));
    }
    return new Verdict(message, print);
  }

  private static Instant instant(EventIndex idx, String key) {
    String v = idx.state(key);
    return v == null ? null : Instant.ofEpochMilli(Long.parseLong(v));
  }
}
