package dev.proxyaudit.analyzer.doctor;

import java.util.ArrayList;
import java.util.List;

/** Runs every check over what was read and returns the findings, most urgent first. */
public final class Doctor {
  private static final List<Check> CHECKS =
      List.of(
          new V2rayAccessLogCheck(),
          new V2rayUsersCheck(),
          new ShadowsocksCheck(),
          new SharedUidCheck(),
          new NetfilterLogCheck(),
          new Ipv6TwinCheck(),
          new InboundLogCheck(),
          new FrontProxyCheck(),
          new LogrotateCheck(),
          new NightlySourcesCheck());

  private Doctor() {}

  public static List<Finding> examine(HostState host) {
    List<Finding> out = new ArrayList<>();
    for (Check c : CHECKS) {
      out.addAll(c.check(host));
    }
    out.sort(java.util.Comparator.comparing(Finding::severity));
    return out;
  }
}
