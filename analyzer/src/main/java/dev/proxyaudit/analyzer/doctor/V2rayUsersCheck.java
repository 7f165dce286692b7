package dev.proxyaudit.analyzer.doctor;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Finding 2: every V2Ray/Xray user needs a name (email) the access log can print. */
final class V2rayUsersCheck implements Check {
  static final String ID_NO_EMAIL = "v2ray-client-without-email";
  static final String ID_NO_ACCOUNTS = "v2ray-inbound-without-accounts";

  private static final Set<String> WITH_CLIENTS =
      Set.of("vmess", "vless", "trojan", "shadowsocks", "hysteria", "tuic");

  @Override
  public List<Finding> check(HostState host) {
    List<Finding> out = new ArrayList<>();
    for (Proxies.V2rayConfig c : Proxies.readable(host)) {
      for (JsonTree.Node in : c.root().get("inbounds").items()) {
        String protocol = String.valueOf(in.get("protocol").text()).toLowerCase();
        if (WITH_CLIENTS.contains(protocol)) {
          clients(c.file().name(), in, out);
        } else if (protocol.equals("socks") || protocol.equals("http")) {
          accounts(c.file().name(), in, protocol, out);
        }
      }
    }
    return out;
  }

  private static void clients(String path, JsonTree.Node in, List<Finding> out) {
    JsonTree.Node settings = in.get("settings");
    List<JsonTree.Node> users = new ArrayList<>(settings.get("clients").items());
    users.addAll(settings.get("users").items());
    if (users.isEmpty() && in.get("protocol").text().equalsIgnoreCase("shadowsocks")) {
      users.add(settings); // the single-user form: password and email in settings itself
    }
    for (JsonTree.Node u : users) {
      String email = u.get("email").text();
      if (email == null || email.isBlank()) {
        String id = u.get("id").text() != null ? u.get("id").text() : u.get("password").text();
        out.add(
            new Finding(
                ID_NO_EMAIL,
                Severity.MUST_FIX,
                path,
                u.line(),
                "a client of the " + Proxies.inboundName(in) + " has no \"email\"",
                "the access log prints \"email: ...\" only for clients that have one; this"
                    + " client's connections cannot be tied to a person.",
                "add \"email\": \"NAME@example\" next to \"id\""
                    + (id == null ? "" : " (client " + shortId(id) + ")")
                    + ", one distinct name per person, then restart the service"));
      }
    }
  }

  private static void accounts(String path, JsonTree.Node in, String protocol, List<Finding> out) {
    JsonTree.Node settings = in.get("settings");
    boolean noauth = "noauth".equals(settings.get("auth").text());
    if (settings.get("accounts").items().isEmpty() || noauth) {
      out.add(
          new Finding(
              ID_NO_ACCOUNTS,
              Severity.SHOULD_FIX,
              path,
              in.line(),
              "the "
                  + Proxies.inboundName(in)
                  + " has no accounts: anyone reaching it is anonymous",
              "the access log shows only the client address for it, no user name; behind NAT or"
                  + " a shared address that names no one.",
              "\"settings\": {"
                  + (protocol.equals("socks") ? "\"auth\": \"password\", " : "")
                  + "\"accounts\": [{\"user\": \"NAME\", \"pass\": \"SECRET\"}]}"
                  + "   # or listen on 127.0.0.1 only if it is not for users"));
    }
  }

  private static String shortId(String id) {
    return id.length() > 8 ? id.substring(0, 8) + "..." : id;
  }
}
