package dev.proxyaudit.analyzer.doctor;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** What the checks share: the parsed V2Ray/Xray configs and which unit runs which proxy. */
final class Proxies {
  private Proxies() {}

  /** A V2Ray/Xray config and its tree (null when it did not parse). */
  record V2rayConfig(SourceFile file, JsonTree.Node root, String error) {}

  static List<V2rayConfig> v2ray(HostState host) {
    List<V2rayConfig> out = new ArrayList<>();
    for (SourceFile f : host.v2rayConfigs()) {
      out.add(parse(f));
    }
    return out;
  }

  /** The configs that parsed: what the checks of their content look at. */
  static List<V2rayConfig> readable(HostState host) {
    return v2ray(host).stream().filter(c -> c.root() != null).toList();
  }

  static V2rayConfig parse(SourceFile f) {
    try {
      return new V2rayConfig(f, JsonTree.parse(f.text()), null);
    } catch (IOException | RuntimeException e) {
      return new V2rayConfig(f, null, String.valueOf(e.getMessage()).split("\n")[0]);
    }
  }

  static boolean isV2rayUnit(Unit u) {
    String e = u.execStart();
    return e.contains("v2ray") || e.contains("xray");
  }

  static boolean isShadowsocksUnit(Unit u) {
    String e = u.execStart();
    return e.contains("ss-server") || e.contains("ss-manager");
  }

  /** The unit that runs this config: by the path in ExecStart, else by program name. */
  static Optional<Unit> unitFor(HostState host, String configPath) {
    for (Unit u : host.units()) {
      if (isV2rayUnit(u) && u.execStart().contains(configPath)) {
        return Optional.of(u);
      }
    }
    String program = configPath.toLowerCase().contains("xray") ? "xray" : "v2ray";
    return host.units().stream()
        .filter(u -> isV2rayUnit(u) && u.execStart().contains(program))
        .findFirst();
  }

  /** The text of an inbound's tag or protocol and port, to name it in a finding. */
  static String inboundName(JsonTree.Node in) {
    String tag = in.get("tag").text();
    String name = in.get("protocol").text() + " inbound on port " + in.get("port").text();
    return tag == null ? name : name + " (tag \"" + tag + "\")";
  }

  /**
   * The shadowsocks-libev units that serve a config: the default unit always, the template {@code
   * shadowsocks-libev-server@} only when there is a config other than config.json.
   */
  static List<Unit> shadowsocksUnitsInUse(HostState host) {
    boolean instances = instanceCount(host) > 0;
    List<Unit> out = new ArrayList<>();
    for (Unit u : host.units()) {
      if (isShadowsocksUnit(u) && (!u.name().contains("@") || instances)) {
        out.add(u);
      }
    }
    return out;
  }

  /** How many configs would run as template instances (all but config.json). */
  static int instanceCount(HostState host) {
    int n = 0;
    for (SourceFile f : host.shadowsocksConfigs()) {
      if (!f.name().endsWith("/config.json") && !f.name().equals("config.json")) {
        n++;
      }
    }
    return n;
  }
}
