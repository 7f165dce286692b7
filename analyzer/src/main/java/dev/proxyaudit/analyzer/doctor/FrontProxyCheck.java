package dev.proxyaudit.analyzer.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Finding 7: a reverse proxy or CDN in front makes the logged client address the proxy's. */
final class FrontProxyCheck implements Check {
  static final String ID_BEHIND = "v2ray-behind-reverse-proxy";
  static final String ID_PROXY_PROTOCOL = "v2ray-proxy-protocol";

  private static final Set<String> HTTP_TRANSPORTS =
      Set.of("ws", "websocket", "grpc", "gun", "xhttp", "splithttp", "httpupgrade", "h2", "http");

  @Override
  public List<Finding> check(HostState host) {
    List<Finding> out = new ArrayList<>();
    for (Proxies.V2rayConfig c : Proxies.readable(host)) {
      for (JsonTree.Node in : c.root().get("inbounds").items()) {
        JsonTree.Node stream = in.get("streamSettings");
        String network = String.valueOf(stream.get("network").text()).toLowerCase();
        String listen = String.valueOf(in.get("listen").text());
        boolean local =
            listen.startsWith("127.")
                || listen.equals("::1")
                || listen.equals("localhost")
                || listen.startsWith("/")
                || listen.startsWith("@");
        String path = c.file().name();
        if (stream.get("sockopt").get("acceptProxyProtocol").isTrue()) {
          out.add(
              new Finding(
                  ID_PROXY_PROTOCOL,
                  Severity.INFO,
                  path,
                  stream.get("sockopt").line(),
                  "the " + Proxies.inboundName(in) + " takes client addresses from PROXY protocol",
                  "the logged client address is right only if the front (nginx, HAProxy) sends"
                      + " PROXY protocol on every connection.",
                  "nginx stream: proxy_protocol on;   HAProxy: server ... send-proxy-v2"));
        } else if (local && HTTP_TRANSPORTS.contains(network)) {
          out.add(
              new Finding(
                  ID_BEHIND,
                  Severity.SHOULD_FIX,
                  path,
                  in.line(),
                  "the "
                      + Proxies.inboundName(in)
                      + " ("
                      + network
                      + ") listens on "
                      + listen
                      + ": a reverse proxy or CDN is in front",
                  "V2Ray/Xray log the front's address (127.0.0.1) as the client unless the front"
                      + " passes the real one; the spammer's address is then only in the front's"
                      + " log.",
                  "in nginx's location for it: proxy_set_header X-Forwarded-For"
                      + " $proxy_add_x_forwarded_for; (ws/httpupgrade/xhttp; grpc: grpc_set_header"
                      + " X-Real-IP $remote_addr;) and keep nginx's access_log with $remote_addr"
                      + " and $http_x_forwarded_for; behind a CDN log its client-IP header"
                      + " (CF-Connecting-IP)"));
        }
      }
    }
    return out;
  }
}
