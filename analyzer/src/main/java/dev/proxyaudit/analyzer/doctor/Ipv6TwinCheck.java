package dev.proxyaudit.analyzer.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Finding 6: a port logged for one address family only. */
final class Ipv6TwinCheck implements Check {
  static final String ID = "netfilter-missing-twin";

  @Override
  public List<Finding> check(HostState host) {
    Coverage c = Coverage.of(host);
    if (c.v4().isEmpty() || c.v6().isEmpty()) {
      return List.of();
    }
    List<Finding> out = new ArrayList<>();
    twin(c.v4().get(), c.v6().get(), "ip6", "IPv6", c.v6From()).ifPresent(out::add);
    twin(c.v6().get(), c.v4().get(), "ip", "IPv4", c.v4From()).ifPresent(out::add);
    return out;
  }

  private static java.util.Optional<Finding> twin(
      Set<Integer> has, Set<Integer> other, String family, String name, String where) {
    List<Integer> missing = new ArrayList<>();
    for (int p : LogRules.WATCHED) {
      if (has.contains(p) && !other.contains(p)) {
        missing.add(p);
      }
    }
    if (missing.isEmpty()) {
      return java.util.Optional.empty();
    }
    return java.util.Optional.of(
        new Finding(
            ID,
            missing.contains(25) ? Severity.MUST_FIX : Severity.SHOULD_FIX,
            where,
            0,
            "tcp port "
                + Coverage.ports(missing)
                + " is logged with the uid for "
                + (family.equals("ip6") ? "IPv4" : "IPv6")
                + " only, not for "
                + name,
            "mail servers with "
                + name
                + " addresses (many have AAAA records) are reached over "
                + name
                + " without a kernel line: that spam leaves no trace.",
            Coverage.fix(List.of(family), missing)));
  }
}
