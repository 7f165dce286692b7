package dev.proxyaudit.rules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The writers by target name, in the order files are written. */
public final class RuleWriters {
  private static final Map<String, RuleWriter> ALL = new LinkedHashMap<>();

  static {
    for (RuleWriter w :
        List.of(
            new IptablesWriter(false),
            new IptablesWriter(true),
            new NftablesWriter(),
            new V2rayRoutingWriter(),
            new ShadowsocksWriter())) {
      ALL.put(w.target(), w);
    }
  }

  private RuleWriters() {}

  public static List<String> targets() {
    return List.copyOf(ALL.keySet());
  }

  /** The writer for {@code target}, or null. */
  public static RuleWriter of(String target) {
    return ALL.get(target);
  }
}
