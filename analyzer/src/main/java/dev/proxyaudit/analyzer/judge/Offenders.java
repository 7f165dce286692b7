package dev.proxyaudit.analyzer.judge;

import dev.proxyaudit.analyzer.event.Service;
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
                r.service().id(),
                r.user(),
                r.clients(),
                r.serverPort(),
                // one V2Ray process serves every user: its uid is no user's own
                r.service() == Service.SHADOWSOCKS ? r.ownUid() : null,
                r.reasons()));
      }
    }
    return out;
  }
}
