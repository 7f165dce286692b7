package dev.proxyaudit.analyzer.event;

/** What carried a connection: a proxy family, or the kernel's packet log. */
public enum Service {
  /** V2Ray or Xray: one access-log family. */
  V2RAY("v2ray"),
  /** Any Shadowsocks server. */
  SHADOWSOCKS("shadowsocks"),
  /** sing-box: one program for VMess, VLESS, Trojan, Shadowsocks, Hysteria2... inbounds. */
  SING_BOX("sing-box"),
  /** The kernel's own record of a packet (LOG/NFLOG). */
  NETFILTER("netfilter");

  private final String id;

  Service(String id) {
    this.id = id;
  }

  /** The service with {@code id}, or null. */
  public static Service byId(String id) {
    for (Service s : values()) {
      if (s.id.equals(id)) {
        return s;
      }
    }
    return null;
  }

  public String id() {
    return id;
  }

  public boolean isProxy() {
    return this != NETFILTER;
  }
}
