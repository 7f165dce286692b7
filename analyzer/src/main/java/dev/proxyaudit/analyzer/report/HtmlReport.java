package dev.proxyaudit.analyzer.report;

import dev.proxyaudit.analyzer.judge.Verdict;
import dev.proxyaudit.analyzer.judge.WhoResult;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * A self-contained HTML page (no script, no network) for a nightly run: the findings as a table
 * and, per user, SMTP connections per hour as an inline SVG bar chart. Every text from a log is
 * escaped.
 */
public final class HtmlReport {
  private static final long HOUR = 3_600_000;
  private static final DateTimeFormatter HOUR_LABEL = DateTimeFormatter.ofPattern("MM-dd HH:00");
  private final ZoneId zone;

  public HtmlReport(ZoneId zone) {
    this.zone = zone;
  }

  /**
   * @param result the judged rows of the window
   * @param hourly each charted row's connections per hour (for the timeline)
   * @param from start of the window
   * @param to end of the window
   */
  public String render(
      WhoResult result, Map<WhoResult.Row, HourlyCounts.Series> hourly, Instant from, Instant to) {
    StringBuilder h = new StringBuilder(8192);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
    h.append(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
    h.append("<title>proxy-audit report</title>\n<style>\n");
    h.append("body{font-family:sans-serif;margin:2em;color:#222}");
    h.append(
        "table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:4px 8px;text-align:left}");
    h.append("td,th{vertical-align:top}td:last-child{min-width:28em;font-size:90%}");
    h.append("td:nth-child(9),td:nth-child(10){white-space:nowrap}");
    h.append(".abuse{background:#fdd}.chart{margin:1em 0 2em 0}h2{margin-top:2em}\n");
    h.append("</style></head><body>\n");
    h.append("<h1>proxy-audit: SMTP through the proxies</h1>\n");
    h.append("<p>From ").append(Html.text(Times.iso(from, zone))).append(" to ");
    h.append(Html.text(Times.iso(to, zone))).append(", ports ");
    h.append(
        Html.text(
            String.join(", ", result.query().ports().stream().map(String::valueOf).toList())));
    h.append(".</p>\n<table id=\"findings\"><thead><tr>");
    for (String c :
        List.of(
            "Service",
            "User",
            "Clients",
            "Connections",
            "Confirmed",
            "Blocked",
            "Unconfirmed",
            "Destinations",
            "First seen",
            "Last seen",
            "Verdict",
            "Why")) {
      h.append("<th>").append(c).append("</th>");
    }
    h.append("</tr></thead><tbody>\n");
    for (WhoResult.Row r : result.rows()) {
      h.append(r.verdict() == Verdict.ABUSE ? "<tr class=\"abuse\">" : "<tr>");
      cell(h, r.service().id());
      cell(h, r.user() == null ? "(unknown)" : r.user());
      cell(h, String.join(", ", r.clients()));
      cell(h, Long.toString(r.connections()));
      cell(h, Long.toString(r.confirmed()));
      cell(h, Long.toString(r.blocked()));
      cell(h, Long.toString(r.unconfirmed()));
      cell(h, (r.destinationsApproximate() ? "~" : "") + r.destinations());
      cell(h, Times.iso(r.firstSeen(), zone));
      cell(h, Times.iso(r.lastSeen(), zone));
      cell(h, r.verdict().id());
      cell(
          h,
          String.join("; ", r.reasons())
              + (r.note() == null ? "" : " (user unknown: " + r.note() + ")"));
      h.append("</tr>\n");
    }
    h.append("</tbody></table>\n");
    h.append("<h2>Connections per hour</h2>\n");
    for (Map.Entry<WhoResult.Row, HourlyCounts.Series> e : hourly.entrySet()) {
      WhoResult.Row r = e.getKey();
      String who =
          r.service().id()
              + " "
              + (r.user() == null ? "unknown user " + String.join(",", r.clients()) : r.user());
      h.append("<h3>").append(Html.text(who)).append("</h3>\n");
      chart(h, e.getValue(), from, to);
    }
    h.append("</body></html>\n");
    return h.toString();
  }

  private static void cell(StringBuilder h, String text) {
    h.append("<td>").append(Html.text(text)).append("</td>");
  }

  /** One bar per hour of the window, height = connections that hour. */
  private void chart(StringBuilder h, HourlyCounts.Series series, Instant from, Instant to) {
    long start = from.toEpochMilli() / HOUR * HOUR;
    int hours = (int) Math.max(1, Math.min(24 * 31, (to.toEpochMilli() - start + HOUR - 1) / HOUR));
    long[] perHour = new long[hours];
    long max = 1;
    for (Map.Entry<Long, Long> e : series.byHour().entrySet()) {
      long i = e.getKey() - start / HOUR;
      if (i >= 0 && i < hours) {
        perHour[(int) i] = e.getValue();
        max = Math.max(max, e.getValue());
      }
    }
    int barW = Math.max(4, Math.min(24, 720 / hours));
    int chartH = 120;
    int width = hours * barW + 60;
    h.append("<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width);
    h.append("\" height=\"").append(chartH + 40).append("\" role=\"img\">\n");
    h.append("<text x=\"0\" y=\"12\" font-size=\"11\">").append(max).append("</text>\n");
    h.append("<line x1=\"40\" y1=\"").append(chartH + 10).append("\" x2=\"").append(width);
    h.append("\" y2=\"").append(chartH + 10).append("\" stroke=\"#888\"/>\n");
    for (int i = 0; i < hours; i++) {
      int bh = (int) (perHour[i] * chartH / max);
      if (bh > 0) {
        h.append("<rect class=\"bar\" x=\"").append(40 + i * barW).append("\" y=\"");
        h.append(chartH + 10 - bh).append("\" width=\"").append(barW - 1).append("\" height=\"");
        h.append(bh).append("\" fill=\"#c0392b\"><title>");
        h.append(Html.text(HOUR_LABEL.format(Instant.ofEpochMilli(start + i * HOUR).atZone(zone))));
        h.append(": ").append(perHour[i]).append("</title></rect>\n");
      }
      if (i % Math.max(1, hours / 6) == 0) {
        h.append("<text x=\"").append(40 + i * barW).append("\" y=\"").append(chartH + 30);
        h.append("\" font-size=\"10\">");
        h.append(Html.text(HOUR_LABEL.format(Instant.ofEpochMilli(start + i * HOUR).atZone(zone))));
        h.append("</text>\n");
      }
    }
    h.append("</svg>\n");
  }
}
