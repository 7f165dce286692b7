package dev.proxyaudit.analyzer.report;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/**
 * One user's connections per hour as an inline SVG: a stacked bar per hour (confirmed by the
 * kernel, blocked, unconfirmed), a legend, hour labels inside the drawing. A viewBox lets the page
 * scale it to its width, so it never makes the page scroll sideways.
 */
final class Timeline {
  private static final long HOUR = 3_600_000;
  private static final DateTimeFormatter LABEL = DateTimeFormatter.ofPattern("MM-dd HH:00");
  private static final int LEFT = 40;
  private static final int RIGHT = 70; // room for the last label
  private static final int CHART = 120;
  private static final int LABEL_WIDTH = 70; // "11-28 04:00" at font-size 10

  private Timeline() {}

  static void svg(StringBuilder h, HourlyCounts.Series series, Instant from, Instant to, ZoneId z) {
    long start = from.toEpochMilli() / HOUR * HOUR;
    int hours = (int) Math.max(1, Math.min(24 * 31, (to.toEpochMilli() - start + HOUR - 1) / HOUR));
    long[][] perHour = new long[hours][];
    long max = 1;
    for (Map.Entry<Long, long[]> e : series.byHour().entrySet()) {
      long i = e.getKey() - start / HOUR;
      if (i >= 0 && i < hours) {
        perHour[(int) i] = e.getValue();
        max = Math.max(max, e.getValue()[0] + e.getValue()[1] + e.getValue()[2]);
      }
    }
    int barW = Math.max(4, Math.min(48, 720 / hours));
    int labelEvery = Math.max(Math.max(1, hours / 6), (LABEL_WIDTH + barW - 1) / barW);
    int width = LEFT + hours * barW + RIGHT;
    int height = CHART + 40;
    h.append("<p class=\"legend\"><span style=\"background:").append(HtmlReport.CONFIRMED_FILL);
    h.append("\"></span>confirmed by the kernel<span style=\"background:");
    h.append(HtmlReport.BLOCKED_FILL).append("\"></span>blocked<span style=\"background:");
    h.append(HtmlReport.UNCONFIRMED_FILL).append("\"></span>unconfirmed</p>\n");
    h.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ");
    h.append(width).append(' ').append(height).append("\" width=\"").append(width);
    h.append("\" height=\"").append(height).append("\" role=\"img\">\n");
    h.append("<text x=\"0\" y=\"12\" font-size=\"11\">").append(max).append("</text>\n");
    h.append("<line x1=\"").append(LEFT).append("\" y1=\"").append(CHART + 10).append("\" x2=\"");
    h.append(width - RIGHT).append("\" y2=\"").append(CHART + 10).append("\" stroke=\"#888\"/>\n");
    String[] fills = {
      HtmlReport.CONFIRMED_FILL, HtmlReport.BLOCKED_FILL, HtmlReport.UNCONFIRMED_FILL
    };
    String[] names = {"confirmed", "blocked", "unconfirmed"};
    for (int i = 0; i < hours; i++) {
      String label = LABEL.format(Instant.ofEpochMilli(start + i * HOUR).atZone(z));
      int y = CHART + 10;
      for (int s = 0; perHour[i] != null && s < 3; s++) {
        int bh = (int) (perHour[i][s] * CHART / max);
        if (bh > 0) {
          y -= bh;
          h.append("<rect class=\"bar ").append(names[s]).append("\" x=\"");
          h.append(LEFT + i * barW).append("\" y=\"").append(y).append("\" width=\"");
          h.append(barW - 1).append("\" height=\"").append(bh).append("\" fill=\"");
          h.append(fills[s]).append("\"><title>").append(Html.text(label)).append(": ");
          h.append(perHour[i][s]).append(' ').append(names[s]).append("</title></rect>\n");
        }
      }
      if (i % labelEvery == 0) { // labels never overlap
        h.append("<text x=\"").append(LEFT + i * barW).append("\" y=\"").append(CHART + 30);
        h.append("\" font-size=\"10\">").append(Html.text(label)).append("</text>\n");
      }
    }
    h.append("</svg>\n");
  }
}
