package dev.proxyaudit.analyzer.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** A systemd unit: the packaged file and its overrides, read in systemd's order. */
public record Unit(String name, List<SourceFile> parts) {

  /** One {@code Key=value} of the [Service] section and where it was. */
  record Setting(String value, String file, int line) {}

  /** The settings of KEY in [Service]; an empty assignment resets the list, as in systemd. */
  List<Setting> all(String key) {
    List<Setting> out = new ArrayList<>();
    for (SourceFile f : parts) {
      String section = "";
      String[] lines = f.text().split("\n", -1);
      for (int i = 0; i < lines.length; i++) {
        String l = lines[i].strip();
        if (l.startsWith("[")) {
          section = l;
        } else if (section.equals("[Service]") && l.startsWith(key + "=")) {
          String v = l.substring(key.length() + 1).strip();
          if (v.isEmpty()) {
            out.clear();
          } else {
            out.add(new Setting(v, f.name(), i + 1));
          }
        }
      }
    }
    return out;
  }

  Optional<Setting> last(String key) {
    List<Setting> s = all(key);
    return s.isEmpty() ? Optional.empty() : Optional.of(s.get(s.size() - 1));
  }

  boolean isTrue(String key) {
    return last(key).map(s -> List.of("true", "yes", "1", "on").contains(s.value())).orElse(false);
  }

  /** The ExecStart command line, or "" when the unit has none. */
  String execStart() {
    return last("ExecStart").map(Setting::value).orElse("");
  }

  /** The file the unit's ExecStart line is in, with its line, for findings. */
  String execStartWhere() {
    return last("ExecStart").map(s -> s.file() + ":" + s.line()).orElse(parts.get(0).name());
  }

  String firstFile() {
    return parts.get(0).name();
  }

  /** The unit's name without {@code .service}. */
  String shortName() {
    return name.endsWith(".service") ? name.substring(0, name.length() - 8) : name;
  }
}
