package dev.proxyaudit.analyzer.doctor;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Finding 4: two proxies under one uid make the kernel's UID= useless for telling them apart. */
final class SharedUidCheck implements Check {
  static final String ID_SHARED = "proxies-share-uid";

  @Override
  public List<Finding> check(HostState host) {
    Map<String, List<String>> byUser = new LinkedHashMap<>();
    Map<String, Unit> first = new LinkedHashMap<>();
    for (Unit u : proxyUnits(host)) {
      String user = user(u);
      if (user == null) {
        continue; // its own dynamic uid
      }
      int times = u.name().contains("@") ? Math.max(1, Proxies.instanceCount(host)) : 1;
      for (int i = 0; i < times; i++) {
        byUser.computeIfAbsent(user, k -> new ArrayList<>()).add(u.name());
      }
      first.putIfAbsent(user, u);
    }
    List<Finding> out = new ArrayList<>();
    for (Map.Entry<String, List<String>> e : byUser.entrySet()) {
      if (e.getValue().size() < 2) {
        continue;
      }
      Unit u = first.get(e.getKey());
      String units = String.join(", ", e.getValue().stream().distinct().toList());
      out.add(
          new Finding(
              ID_SHARED,
              Severity.MUST_FIX,
              u.last("User").map(s -> s.file() + ":" + s.line()).orElse(u.firstFile()),
              0,
              e.getValue().size() + " proxy processes (" + units + ") run as " + e.getKey(),
              "the kernel logs UID= for each connection to port 25; with one uid it cannot say"
                  + " which proxy (or which ss-server port) opened it.",
              fix(e.getValue())));
    }
    return out;
  }

  private static List<Unit> proxyUnits(HostState host) {
    List<Unit> out = new ArrayList<>();
    for (Unit u : host.units()) {
      if (Proxies.isV2rayUnit(u)) {
        out.add(u);
      }
    }
    out.addAll(Proxies.shadowsocksUnitsInUse(host));
    return out;
  }

  /** The fixed user a unit runs as, or null when DynamicUser gives it a uid of its own. */
  static String user(Unit u) {
    String user = u.last("User").map(Unit.Setting::value).orElse(null);
    if (user != null) {
      return user; // DynamicUser with the same User= name shares the uid too
    }
    return u.isTrue("DynamicUser") ? null : "root";
  }

  private static String fix(List<String> units) {
    StringBuilder sb = new StringBuilder("give each its own uid:");
    for (String name : units.stream().distinct().toList()) {
      sb.append("\nmkdir -p /etc/systemd/system/")
          .append(name)
          .append(".d && printf '[Service]\\nUser=\\nDynamicUser=true\\n' > /etc/systemd/system/")
          .append(name)
          .append(".d/uid.conf");
    }
    return sb.append("\nsystemctl daemon-reload   # then restart them").toString();
  }
}
