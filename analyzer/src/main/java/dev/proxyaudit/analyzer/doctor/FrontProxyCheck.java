package dev.proxyaudit.analyzer.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Finding 7: a reverse proxy or CDN in front makes the logged client address the proxy's. */
final class FrontProxyCheck implements Check {
  static final String ID_BEHIND = "v2ray-behind-reverse-proxy";
  static final String ID_PROXY_PROTOCOL = "v2ray-proxy-protocol";
  static final String ID_NGINX_NO_XFF = "nginx-no-forwarded-for";
  static final String ID_NGINX_XFF = "nginx-forwards-client";

  /** The header V2Ray's and Xray's HTTP transports take the client from (first address). */
  private static final String XFF = "x-forwarded-for";

  /**
   * What nginx's locations that proxy to {@code in} send it: for each, whether it passes the client
   * in X-Forwarded-For, naming the location's file and line; empty when no location of nginx's
   * config (if doctor read one) proxies to that port.
   */
  private static List<Finding> nginx(HostState host, JsonTree.Node in, String network) {
    List<Finding> out = new ArrayList<>();
    String port = String.valueOf(in.get("port").text());
    for (NginxConfig.Directive pass : proxyPasses(host)) {
      if (!targetsPort(pass.args().isEmpty() ? "" : pass.args().get(0), port)) {
        continue;
      }
      NginxConfig.Directive location = pass.parent();
      String where =
          location == null
              ? pass.file() + ":" + pass.line()
              : location.file() + ":" + location.line();
      String what =
          "nginx's "
              + (location == null || location.args().isEmpty()
                  ? "block"
                  : "location " + String.join(" ", location.args()))
              + " ("
              + where
              + ") in front of the "
              + Proxies.inboundName(in);
      NginxConfig.Directive header = forwardedFor(pass.parent());
      if (header != null) {
        out.add(
            new Finding(
                ID_NGINX_XFF,
                Severity.INFO,
                header.file(),
                header.line(),
                what + " passes the client's address (X-Forwarded-For)",
                "V2Ray/Xray log the address nginx puts first in X-Forwarded-For, with port 0;"
                    + " behind a CDN that is the CDN's unless nginx takes the real one from the"
                    + " CDN's header (real_ip_header).",
                "nothing to change in nginx"));
      } else {
        out.add(
            new Finding(
                ID_NGINX_NO_XFF,
                Severity.SHOULD_FIX,
                location == null ? pass.file() : location.file(),
                location == null ? pass.line() : location.line(),
                what + " has no proxy_set_header X-Forwarded-For",
                "without it V2Ray/Xray log nginx's own address (127.0.0.1) as every client, and"
                    + " the spammer's address is only in nginx's access log"
                    + (hasOwnHeaders(location)
                        ? " (this location's own proxy_set_header lines also hide any set in"
                            + " its server or http block)"
                        : "")
                    + ".",
                "add to that location: proxy_set_header X-Forwarded-For"
                    + " $proxy_add_x_forwarded_for;"
                    + (network.equals("grpc") || network.equals("gun")
                        ? "   (grpc_pass: grpc_set_header X-Forwarded-For $proxy_add_x_forwarded_for;)"
                        : "")));
      }
    }
    return out;
  }

  /** Every proxy_pass and grpc_pass of nginx's config. */
  private static List<NginxConfig.Directive> proxyPasses(HostState host) {
    List<NginxConfig.Directive> out = new ArrayList<>();
    SourceFile main =
        host.nginx().stream()
            .filter(f -> f.name().equals("/etc/nginx/nginx.conf"))
            .findFirst()
            .orElse(null);
    List<SourceFile> mains = main != null ? List.of(main) : host.nginx();
    for (SourceFile f : mains) {
      List<NginxConfig.Directive> top = NginxConfig.parse(f, host.nginx());
      out.addAll(NginxConfig.all(top, "proxy_pass"));
      out.addAll(NginxConfig.all(top, "grpc_pass"));
    }
    return out;
  }

  /** {@code http://127.0.0.1:10000/ws}, {@code grpc://localhost:10000}: a loopback URL of port. */
  private static boolean targetsPort(String url, String port) {
    String rest = url.replaceFirst("^[a-z]+://", "");
    int slash = rest.indexOf('/');
    String hostPort = slash < 0 ? rest : rest.substring(0, slash);
    return hostPort.equals("127.0.0.1:" + port)
        || hostPort.equals("localhost:" + port)
        || hostPort.equals("[::1]:" + port);
  }

  /**
   * The X-Forwarded-For header the block sends: nginx takes proxy_set_header from the nearest
   * enclosing block that has any (a location with one of its own inherits none).
   */
  private static NginxConfig.Directive forwardedFor(NginxConfig.Directive block) {
    for (NginxConfig.Directive b = block; b != null; b = b.parent()) {
      List<NginxConfig.Directive> own = headers(b);
      if (!own.isEmpty()) {
        for (NginxConfig.Directive h : own) {
          if (h.args().size() >= 2 && h.args().get(0).equalsIgnoreCase(XFF)) {
            return h;
          }
        }
        return null;
      }
    }
    return null;
  }

  private static boolean hasOwnHeaders(NginxConfig.Directive block) {
    return block != null && !headers(block).isEmpty();
  }

  private static List<NginxConfig.Directive> headers(NginxConfig.Directive b) {
    List<NginxConfig.Directive> out = new ArrayList<>();
    for (NginxConfig.Directive d : b.block()) {
      if (d.name().equals("proxy_set_header") || d.name().equals("grpc_set_header")) {
        out.add(d);
      }
    }
    return out;
  }

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
          List<Finding> front = nginx(host, in, network);
          if (!front.isEmpty()) {
            out.addAll(front);
            continue;
          }
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
