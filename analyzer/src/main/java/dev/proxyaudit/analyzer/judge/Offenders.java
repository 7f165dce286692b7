package dev.proxyaudit.analyzer.judge;

import dev.proxyaudit.rules.Offender;
import java.util.ArrayList;
import java.util.List;

/** The rows judged abuse, as the findings the rule writers act on. */
public final class Offenders {
  private Offenders() {}

  public static List<Offender> of(WhoResult result) {
    List<Offender> out = new ArrayList<>();
    for (WhoResult.Row r : result.rows()) {
      if (r.verdict() == Verdict.ABUSE) {
        out.add(
            new Offender(
                r.service().id(), r.user(), r.clients(), r.serverPort(), null, r.reasons()));
      }
    }
    return out;
  }
}
