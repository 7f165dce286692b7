package dev.proxyaudit.analyzer.judge;

import java.util.List;

/**
 * A verdict and why.
 *
 * @param verdict the verdict
 * @param reasons each limit that was reached, in words with the numbers (empty unless ABUSE, or
 *     ALLOWED when a limit would have been reached)
 */
public record Judgement(Verdict verdict, List<String> reasons) {
  public Judgement {
    reasons = List.copyOf(reasons);
  }
}
