package dev.proxyaudit.analyzer.parse;

import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Fixed-layout timestamp readers for the shapes our logs print.
 *
 * <p>Each returns the number of characters consumed (0 when the text does not match) and leaves the
 * fields in a {@link Stamp}: no exceptions on the hot path, no regex.
 */
final class Timestamps {
  private Timestamps() {}

  /** Mutable result of one timestamp read; reused per line. */
  static final class Stamp {
    int year = -1;
    int month;
    int day;
    int hour;
    int minute;
    int second;
    int micros;

    /** Offset from UTC when the text carried one, else null (local time). */
    ZoneOffset offset;

    LocalDateTime local() {
      try {
        return LocalDateTime.of(year, month, day, hour, minute, second, micros * 1000);
      } catch (DateTimeException e) {
        return null;
      }
    }
  }

  /**
   * {@code 2026-11-28T04:02:18[.ffffff…][Z|+00:00|+0000]}: RFC 3339 (rsyslog, ss-rust) and
   * journalctl {@code short-iso}. Also accepts a space instead of {@code T} when {@code spaceOk}.
   */
  static int iso(String s, int i, Stamp st, boolean spaceOk) {
    if (!date(s, i, '-', st)) {
      return 0;
    }
    char sep = i + 10 < s.length() ? s.charAt(i + 10) : 0;
    if (sep != 'T' && !(spaceOk && sep == ' ')) {
      return 0;
    }
    if (!clock(s, i + 11, st)) {
      return 0;
    }
    int p = fraction(s, i + 19, st);
    st.offset = null;
    if (Chars.charAt(s, p, 'Z')) {
      st.offset = ZoneOffset.UTC;
      p++;
    } else if (Chars.charAt(s, p, '+') || Chars.charAt(s, p, '-')) {
      int sign = s.charAt(p) == '-' ? -1 : 1;
      int hh = Chars.digits(s, p + 1, 2);
      int mmAt = Chars.charAt(s, p + 3, ':') ? p + 4 : p + 3;
      int mm = Chars.digits(s, mmAt, 2);
      // ZoneOffset allows up to 18:00 in all: "+18:35" passed hh <= 18 and threw out of
      // classify (DateTimeException), ending the whole ingest.
      if (hh < 0 || mm < 0 || mm > 59 || hh * 60 + mm > 18 * 60) {
        return 0;
      }
      st.offset = ZoneOffset.ofTotalSeconds(sign * (hh * 3600 + mm * 60));
      p = mmAt + 2;
    }
    return p - i;
  }

  /**
   * {@code -0700 2006-01-02 15:04:05}: sing-box's own time (its log package's layout), the offset
   * first; returns its length (25) or 0.
   */
  static int singBox(String s, int i, Stamp st) {
    boolean sign = Chars.charAt(s, i, '+') || Chars.charAt(s, i, '-');
    int hh = Chars.digits(s, i + 1, 2);
    int mm = Chars.digits(s, i + 3, 2);
    if (!sign || hh < 0 || mm < 0 || mm > 59 || hh * 60 + mm > 18 * 60) {
      return 0;
    }
    if (!Chars.charAt(s, i + 5, ' ') || iso(s, i + 6, st, true) != 19) {
      return 0; // a fraction or offset after the clock is not sing-box's
    }
    int seconds = hh * 3600 + mm * 60;
    st.offset = ZoneOffset.ofTotalSeconds(s.charAt(i) == '-' ? -seconds : seconds);
    return 25;
  }

  /** {@code 2006/01/02 15:04:05[.000000]}: Go's log package (V2Ray, Xray). */
  static int goLog(String s, int i, Stamp st) {
    if (!date(s, i, '/', st) || !Chars.charAt(s, i + 10, ' ') || !clock(s, i + 11, st)) {
      return 0;
    }
    st.offset = null;
    return fraction(s, i + 19, st) - i;
  }

  /** {@code Nov 28 04:02:18[.544886]} or {@code Jan 8 …}: RFC 3164 and journalctl short. */
  static int bsd(String s, int i, Stamp st) {
    int month = Chars.month(s, i);
    if (month < 0 || !Chars.charAt(s, i + 3, ' ')) {
      return 0;
    }
    int day;
    int clockAt = i + 7;
    if (Chars.charAt(s, i + 4, ' ')) {
      day = Chars.digits(s, i + 5, 1); // "Nov  1": RFC 3164's space-padded day
    } else if (Chars.charAt(s, i + 5, ' ')) {
      day = Chars.digits(s, i + 4, 1); // "Nov 1": one space (busybox syslogd, some routers)
      clockAt = i + 6;
    } else {
      day = Chars.digits(s, i + 4, 2);
    }
    if (day < 1 || day > 31 || !Chars.charAt(s, clockAt - 1, ' ') || !clock(s, clockAt, st)) {
      return 0;
    }
    st.year = -1;
    st.month = month;
    st.day = day;
    st.offset = null;
    return fraction(s, clockAt + 8, st) - i;
  }

  /** {@code Sat Nov 28 04:03:11 2026}: dmesg -T inside brackets. */
  static int ctime(String s, int i, Stamp st) {
    if (!Chars.isWeekday(s, i) || !Chars.charAt(s, i + 3, ' ')) {
      return 0;
    }
    int n = bsd(s, i + 4, st);
    if (n != 15 || !Chars.charAt(s, i + 19, ' ')) {
      return 0; // ctime pads the day to two ("Sep  2"): a one-space day is not this
    }
    int year = Chars.digits(s, i + 20, 4);
    if (year < 0) {
      return 0;
    }
    st.year = year;
    return 24;
  }

  private static boolean date(String s, int i, char sep, Stamp st) {
    int y = Chars.digits(s, i, 4);
    if (y < 0 || !Chars.charAt(s, i + 4, sep) || !Chars.charAt(s, i + 7, sep)) {
      return false;
    }
    int m = Chars.digits(s, i + 5, 2);
    int d = Chars.digits(s, i + 8, 2);
    if (m < 1 || m > 12 || d < 1 || d > 31) {
      return false;
    }
    st.year = y;
    st.month = m;
    st.day = d;
    return true;
  }

  private static boolean clock(String s, int i, Stamp st) {
    int h = Chars.digits(s, i, 2);
    int mi = Chars.digits(s, i + 3, 2);
    int se = Chars.digits(s, i + 6, 2);
    if (h < 0
        || mi < 0
        || se < 0
        || h > 23
        || mi > 59
        || se > 60
        || !Chars.charAt(s, i + 2, ':')
        || !Chars.charAt(s, i + 5, ':')) {
      return false;
    }
    st.hour = h;
    st.minute = mi;
    // A leap second (60) is folded into 59: Java time has none.
    st.second = Math.min(se, 59);
    st.micros = 0;
    return true;
  }

  /**
   * Reads an optional {@code .digits} or ISO 8601's {@code ,digits} (util-linux dmesg), kept to
   * microseconds; returns the index after it.
   */
  private static int fraction(String s, int i, Stamp st) {
    if (!(Chars.charAt(s, i, '.') || Chars.charAt(s, i, ',')) || !Chars.isDigit(s, i + 1)) {
      return i;
    }
    int p = i + 1;
    int micros = 0;
    int n = 0;
    while (Chars.isDigit(s, p)) {
      if (n < 6) {
        micros = micros * 10 + (s.charAt(p) - '0');
        n++;
      }
      p++;
    }
    while (n++ < 6) {
      micros *= 10;
    }
    st.micros = micros;
    return p;
  }
}
