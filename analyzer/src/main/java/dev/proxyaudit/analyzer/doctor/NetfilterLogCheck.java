package dev.proxyaudit.analyzer.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Finding 5: no uid-logging rule on OUTPUT for the SMTP ports, in either family. */
final class NetfilterLogCheck implements Check {
  static final String ID = "netfilter-no-uid-log";

  @Override
  public List<Finding> check(HostState host) {
    Coverage c = Coverage.of(host);
    if (c.v4().isEmpty() && c.v6().isEmpty()) {
      return List.of();
    }
    Set<Integer> v4 = c.v4().orElse(Set.of());
    Set<Integer> v6 = c.v6().orElse(Set.of());
    List<Integer> missing = new ArrayList<>();
    for (int p : LogRules.WATCHED) {
      if (!v4.contains(p) && !v6.contains(p)) {
        missing.add(p);
      }
    }
    if (missing.isEmpty()) {
      return List.of();
    }
    List<String> families = new ArrayList<>();
    c.v4().ifPresent(s -> families.add("ip"));
    c.v6().ifPresent(s -> families.add("ip6"));
    String fix = Coverage.fix(families, missing);
    return List.of(
        new Finding(
            ID,
            missing.contains(25) ? Severity.MUST_FIX : Severity.SHOULD_FIX,
            c.v4().isPresent() ? c.v4From() : c.v6From(),
            0,
            "no LOG rule with the uid (--log-uid / flags skuid) on OUTPUT for tcp port "
                + Coverage.ports(missing),
            "the kernel line with UID= is what says which proxy process opened a connection to a"
                + " mail server; without it nothing ties the proxy's log to the mail sent.",
            fix));
  }
}
