package dev.proxyaudit.analyzer.cli;

/** What {@code audit} tells the shell; the same list is in {@code --help} and the README. */
public enum ExitCode {
  /** Done; nothing found (who) or every line understood (ingest). */
  OK(0),
  /** Something failed: the index could not be opened or written, an unexpected error. */
  ERROR(1),
  /** The command line or a file the operator wrote (port names) is wrong. */
  USAGE(2),
  /** {@code who} found connections to the ports asked about, none judged abuse. */
  FOUND(3),
  /** The run finished, but some files could not be read or some lines were malformed. */
  INPUT_PROBLEMS(4),
  /** {@code who}/{@code explain}/{@code nightly}: the policy judged some connections abuse. */
  ABUSE(5),
  /** {@code nightly}: another nightly run holds the lock. */
  LOCKED(6),
  /** {@code doctor}: something must be fixed before audit can name the spammer. */
  MUST_FIX(7),
  /**
   * Nothing to read: no index, an index without events, no event in the time asked, PATHs that hold
   * no log file; {@code nightly}: its sources matched no file or gave no event for days.
   */
  NO_DATA(8),
  /**
   * {@code ship}: OpenSearch refused the events or could not be reached after every retry; they
   * stay in the local index and the next run sends them.
   */
  NOT_SHIPPED(9);

  private final int code;

  ExitCode(int code) {
    this.code = code;
  }

  public int code() {
    return code;
  }
}
