package dev.proxyaudit.analyzer.cli;

import dev.proxyaudit.rules.Offender;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * For {@code rules --per-user}: a Shadowsocks offender's uid (the only uid that sent its
 * connections, and no other user's) is blocked only when this host runs at most one ss-server as
 * that uid. The logs cannot tell that the other instances, which sent no mail, share it. The same
 * check keeps a shared uid out of shadowsocks.txt's advice.
 */
final class OwnUids {
  private OwnUids() {}

  /** {@code err}: where to say why (--per-user), or null to decide quietly. */
  static List<Offender> check(
      List<Offender> offenders, Map<Integer, Integer> ssServersPerUid, PrintWriter err) {
    List<Offender> out = new ArrayList<>(offenders.size());
    for (Offender o : offenders) {
      Integer uid = o.uid();
      if (uid == null) {
        out.add(o);
        continue;
      }
      int running = ssServersPerUid.getOrDefault(uid, 0);
      if (running > 1) {
        say(
            err,
            "audit: shadowsocks "
                + o.user()
                + ": not blocked per user: "
                + running
                + " ss-server processes run as uid "
                + uid
                + " (one uid per instance, e.g. Debian's shadowsocks-libev-server@ units, lets"
                + " one user be blocked)");
        out.add(
            new Offender(o.service(), o.user(), o.clients(), o.serverPort(), null, o.reasons()));
        continue;
      }
      if (running == 0) {
        say(
            err,
            "audit: shadowsocks "
                + o.user()
                + ": no ss-server runs as uid "
                + uid
                + " now; the rule blocks that uid (check it is still this instance's)");
      }
      out.add(o);
    }
    return out;
  }

  private static void say(PrintWriter err, String text) {
    if (err != null) {
      err.println(text);
    }
  }
}
