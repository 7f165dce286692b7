package dev.proxyaudit.analyzer.report;

import dev.proxyaudit.analyzer.event.Service;
import dev.proxyaudit.analyzer.judge.Verdict;
import dev.proxyaudit.analyzer.judge.WhoResult;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

/**
 * A self-contained HTML page (no script, no network) for a nightly run: the findings, then one
 * section per watched port (its rows, and per abusive user a timeline of connections per hour,
 * confirmed, blocked and unconfirmed apart), then the kernel's log by uid. Laid out to fit a 1280
 * px window without scrolling sideways, and 800 px by leaving out the least important columns.
 * Every text from a log is escaped.
 */
public final class HtmlReport {
  private static final String STYLE =
      "body{font-family:sans-serif;margin:1em;color:#222;max-width:100%}"
          + "table{border-collapse:collapse;width:100%;font-size:90%}"
          + "td,th{border:1px solid #bbb;padding:3px 6px;text-align:left;vertical-align:top}"
          + "td.num,td.word{white-space:nowrap}"
          // log text (user names, clients, reasons) may break anywhere: one long name cannot
          // push the table past the window
          + "td.text{overflow-wrap:anywhere}td.name{min-width:6em}td.why{min-width:12em}"
          + ".abuse{background:#fdd}.num{text-align:right}h2{margin-top:1.5em}"
          + ".chart{display:block;max-width:100%;height:auto;margin:.5em 0 1.5em 0}"
          + ".why{font-size:90%}.legend span{display:inline-block;width:1em;height:1em;"
          + "margin:0 .3em 0 1em;vertical-align:middle}"
          + "@media (max-width:1000px){.opt{display:none}td.name{min-width:4em}td.why{min-width:6em}}";

  static final String CONFIRMED_FILL = "#c0392b";
  static final String BLOCKED_FILL = "#2c7fb8";
  static final String UNCONFIRMED_FILL = "#999999";

  private final ZoneId zone;

  public HtmlReport(ZoneId zone) {
    this.zone = zone;
  }

  /**
   * One watched port's answer, and the timelines of its abusive rows.
   *
   * @param port the port
   * @param result who, for that port alone
   * @param hourly each abusive row's lines per hour
   */
  public record PortSection(
      int port, WhoResult result, Map<WhoResult.Row, HourlyCounts.Series> hourly) {}

  /**
   * @param result the judged rows of the window, all watched ports (findings and kernel section)
   * @param sections one per watched port
   * @param from start of the window
   * @param to end of the window
   */
  public String render(WhoResult result, List<PortSection> sections, Instant from, Instant to) {
    StringBuilder h = new StringBuilder(16384);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
    h.append("<meta name=\"viewport\" content=\"width=device-width\">\n");
    h.append(
        "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n");
    h.append("<title>proxy-audit report</title>\n<style>").append(STYLE).append("</style>\n");
    h.append("</head><body>\n<h1>proxy-audit: SMTP through the proxies</h1>\n");
    h.append("<p>From ").append(Html.text(Times.iso(from, zone))).append(" to ");
    h.append(Html.text(Times.iso(to, zone))).append(", ports ");
    h.append(
        Html.text(
            String.join(", ", result.query().ports().stream().map(String::valueOf).toList())));
    h.append(".</p>\n<h2>Findings</h2>\n<ul id=\"findings\">\n");
    boolean any = false;
    for (WhoResult.Row r : result.rows()) {
      if (r.verdict() == Verdict.ABUSE) {
        any = true;
        h.append("<li><b>").append(Html.text(who(r))).append("</b>: ");
        h.append(Html.text(String.join("; ", r.reasons()))).append("</li>\n");
      }
    }
    if (!any) {
      h.append("<li>No user was judged abuse.</li>\n");
    }
    h.append("</ul>\n");
    for (PortSection s : sections) {
      section(h, s, from, to);
    }
    kernel(h, result);
    h.append("</body></html>\n");
    return h.toString();
  }

  private void section(StringBuilder h, PortSection s, Instant from, Instant to) {
    h.append("<h2 id=\"port-")
        .append(s.port())
        .append("\">Port ")
        .append(s.port())
        .append("</h2>\n");
    if (s.result().rows().isEmpty()) {
      h.append("<p>No proxy line names a connection to port ").append(s.port()).append(".</p>\n");
      return;
    }
    h.append("<table class=\"rows\"><thead><tr>");
    header(h, "Service", "User", "Clients", "Connections", "Confirmed", "Blocked");
    optHeader(h, "Unconfirmed");
    header(h, "Destinations");
    optHeader(h, "First seen", "Last seen");
    header(h, "Verdict", "Why");
    h.append("</tr></thead><tbody>\n");
    for (WhoResult.Row r : s.result().rows()) {
      h.append(r.verdict() == Verdict.ABUSE ? "<tr class=\"abuse\">" : "<tr>");
      cell(h, "word", r.service().id());
      cell(h, "text name", r.user() == null ? "(unknown)" : r.user());
      cell(h, "text name", clients(r));
      cell(h, "num", Long.toString(r.connections()));
      cell(h, "num", Long.toString(r.confirmed()));
      cell(h, "num", Long.toString(r.blocked()));
      cell(h, "num opt", Long.toString(r.unconfirmed()));
      cell(h, "num", (r.destinationsApproximate() ? "~" : "") + r.destinations());
      cell(h, "time opt", time(r.firstSeen()));
      cell(h, "time opt", time(r.lastSeen()));
      cell(h, "word", r.verdict().id());
      cell(
          h,
          "text why",
          String.join("; ", r.reasons())
              + (r.note() == null ? "" : " (user unknown: " + r.note() + ")"));
      h.append("</tr>\n");
    }
    h.append("</tbody></table>\n");
    for (Map.Entry<WhoResult.Row, HourlyCounts.Series> e : s.hourly().entrySet()) {
      h.append("<h3>").append(Html.text(who(e.getKey()))).append(": port ").append(s.port());
      h.append(", connections per hour</h3>\n");
      Timeline.svg(h, e.getValue(), from, to, zone);
    }
  }

  private void kernel(StringBuilder h, WhoResult result) {
    h.append("<h2 id=\"kernel\">Kernel log (netfilter), by the sender's uid</h2>\n");
    if (result.kernel().isEmpty()) {
      h.append("<p>No kernel line for these ports: is a LOG rule with --log-uid in place?")
          .append(" (audit doctor)</p>\n");
      return;
    }
    h.append("<table class=\"kernel\"><thead><tr>");
    header(h, "UID", "Service", "Packets", "Connections", "Unattributed", "Destinations");
    optHeader(h, "First seen", "Last seen");
    header(h, "Prefixes");
    h.append("</tr></thead><tbody>\n");
    for (WhoResult.KernelRow k : result.kernel()) {
      h.append("<tr>");
      cell(h, "", k.uid() == null ? "(not logged)" : k.uid().toString());
      cell(
          h,
          "",
          k.services().isEmpty()
              ? "-"
              : String.join("+", k.services().stream().map(Service::id).toList()));
      cell(h, "num", Long.toString(k.packets()));
      cell(h, "num", (k.approximate() ? "~" : "") + k.connections());
      cell(h, "num", Long.toString(k.unattributed()));
      cell(h, "num", (k.approximate() ? "~" : "") + k.destinations());
      cell(h, "time opt", k.firstSeen() == null ? "(uptime only)" : time(k.firstSeen()));
      cell(h, "time opt", time(k.lastSeen()));
      cell(h, "text", String.join(" ", k.prefixes()));
      h.append("</tr>\n");
    }
    h.append("</tbody></table>\n");
  }

  /** ISO 8601 with a space for the T (RFC 3339 allows it): a narrow cell breaks it there. */
  private String time(Instant t) {
    return Times.iso(t, zone).replaceFirst("T", " ");
  }

  /** The clients, or why there are none: the abuse desk asks for them. */
  private static String clients(WhoResult.Row r) {
    if (!r.clients().isEmpty()) {
      return String.join(", ", r.clients());
    }
    return r.service() == Service.SHADOWSOCKS
        ? "(not logged: shadowsocks-libev never logs a TCP client's address)"
        : "(not logged)";
  }

  private static String who(WhoResult.Row r) {
    return r.service().id()
        + " "
        + (r.user() == null ? "unknown user " + String.join(",", r.clients()) : r.user());
  }

  private static void header(StringBuilder h, String... names) {
    for (String n : names) {
      h.append("<th>").append(n).append("</th>");
    }
  }

  /** Columns a narrow window leaves out first. */
  private static void optHeader(StringBuilder h, String... names) {
    for (String n : names) {
      h.append("<th class=\"opt\">").append(n).append("</th>");
    }
  }

  private static void cell(StringBuilder h, String cls, String text) {
    h.append(cls.isEmpty() ? "<td>" : "<td class=\"" + cls + "\">");
    h.append(Html.text(text)).append("</td>");
  }
}
