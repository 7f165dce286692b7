package dev.proxyaudit.analyzer.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finding 8: a logrotate stanza that deletes logs before the nightly run reads them. */
final class LogrotateCheck implements Check {
  static final String ID = "logrotate-deletes-logs";

  private static final Pattern ROTATE = Pattern.compile("^(rotate|maxage)\\s+(\\d+)\\s*$");

  @Override
  public List<Finding> check(HostState host) {
    List<Finding> out = new ArrayList<>();
    for (SourceFile f : host.logrotate()) {
      String[] lines = f.text().split("\n", -1);
      String files = "(global)";
      String pending = "";
      for (int i = 0; i < lines.length; i++) {
        String l = lines[i].strip();
        if (l.startsWith("#") || l.isEmpty()) {
          continue;
        }
        if (l.endsWith("{")) {
          files = (pending + " " + l.substring(0, l.length() - 1)).strip();
          pending = "";
        } else if (l.equals("}")) {
          files = "(global)";
        } else if (l.startsWith("/") || l.startsWith("\"")) {
          pending += " " + l;
        } else {
          Matcher m = ROTATE.matcher(l);
          if (m.matches() && Integer.parseInt(m.group(2)) < (m.group(1).equals("rotate") ? 1 : 2)) {
            out.add(finding(f.name(), i + 1, files, m.group(1), m.group(2)));
          }
        }
      }
    }
    return out;
  }

  private static Finding finding(String file, int line, String files, String key, String n) {
    boolean rotate = key.equals("rotate");
    return new Finding(
        ID,
        Severity.MUST_FIX,
        file,
        line,
        key
            + " "
            + n
            + " for "
            + files
            + ": "
            + (rotate ? "old logs are removed at once" : "rotated logs are deleted within a day"),
        "the nightly run reads yesterday's log; a log deleted at rotation (before it is read) loses"
            + " the lines that name the spammer.",
        "sed -i '"
            + line
            + "s/"
            + key
            + " "
            + n
            + "/"
            + (rotate ? "rotate 7" : "maxage 7")
            + "/' "
            + file
            + "   # keep at least a week; add delaycompress so yesterday's file stays plain text");
  }
}
