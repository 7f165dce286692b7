package dev.proxyaudit.analyzer.correlate;

import java.util.List;
import java.util.Locale;

/**
 * Which netfilter log prefixes mark a packet that was dropped or rejected. A LOG line does not say
 * what the next rule did; the operator's prefix does ("SMTP-DROP: ", "REJECT25 ").
 */
public record BlockedPrefixes(List<String> words) {
  public BlockedPrefixes {
    words = words.stream().map(w -> w.toLowerCase(Locale.ROOT)).toList();
  }

  public boolean matches(String prefix) {
    if (prefix == null || prefix.isEmpty()) {
      return false;
    }
    String p = prefix.toLowerCase(Locale.ROOT);
    for (String w : words) {
      if (p.contains(w)) {
        return true;
      }
    }
    return false;
  }
}
