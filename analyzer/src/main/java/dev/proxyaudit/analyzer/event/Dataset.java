package dev.proxyaudit.analyzer.event;

/** The log format an event was read from; each belongs to one service. */
public enum Dataset {
  /** V2Ray v4/v5 access log, known to be V2Ray's by its syslog tag ({@code v2ray[pid]:}). */
  V2RAY_ACCESS("v2ray.access", Service.V2RAY),
  /**
   * Xray access log: {@code from }, microseconds or {@code [in -> out]} on the line, or its syslog
   * tag {@code xray[pid]:}.
   */
  XRAY_ACCESS("xray.access", Service.V2RAY),
  /**
   * A V2Ray-shaped access line that cannot tell which of the two wrote it: V2Ray 4.x/5.x and Xray
   * before {@code from} write the same words, and a file has no tag.
   */
  V2RAY_OR_XRAY_ACCESS("v2ray/xray.access", Service.V2RAY),
  /**
   * V2Ray/Xray error log lines that say where an outbound dialed: {@code failed to open connection
   * to tcp:host:25 > ... dial tcp IP:25: ...} and Xray's {@code connection opened to ..., local
   * endpoint ip:port, remote endpoint ip:25}. Not connections of their own: they resolve the access
   * line's host name (and source port) for the kernel join.
   */
  V2RAY_ERROR("v2ray.error", Service.V2RAY),
  /** shadowsocks-libev {@code -v}: {@code [port] connect to host:port}. */
  SHADOWSOCKS_LIBEV("shadowsocks-libev", Service.SHADOWSOCKS),
  /** shadowsocks-rust {@code established tcp tunnel}. */
  SHADOWSOCKS_RUST("shadowsocks-rust", Service.SHADOWSOCKS),
  /** The Python shadowsocks server (and ShadowsocksR) {@code connecting host:port from ip:port}. */
  SHADOWSOCKS_PYTHON("shadowsocks-python", Service.SHADOWSOCKS),
  /** sing-box {@code inbound connection to host:port}, the user from its {@code [name]}. */
  SING_BOX("sing-box", Service.SING_BOX),
  /** Kernel LOG target text (iptables, ip6tables, nftables {@code log}). */
  NETFILTER_LOG("netfilter.log", Service.NETFILTER),
  /** ulogd2 LOGEMU text output (NFLOG). */
  ULOGD_LOGEMU("ulogd.logemu", Service.NETFILTER),
  /** ulogd2 JSON output (NFLOG). */
  ULOGD_JSON("ulogd.json", Service.NETFILTER);

  private final String id;
  private final Service service;

  Dataset(String id, Service service) {
    this.id = id;
    this.service = service;
  }

  /** The name stored in the index and shown to the operator. */
  public String id() {
    return id;
  }

  public Service service() {
    return service;
  }

  /** The dataset with this id, or null. */
  public static Dataset byId(String id) {
    for (Dataset d : values()) {
      if (d.id.equals(id)) {
        return d;
      }
    }
    return null;
  }
}
