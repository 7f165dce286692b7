package dev.proxyaudit.rules;

import java.util.List;

/**
 * A finding that rules should act on: one proxy user judged abusive.
 *
 * @param service v2ray or shadowsocks
 * @param user the user as logged (V2Ray email, Shadowsocks port or name), null when unknown
 * @param clients the client IPs seen (validated literals only)
 * @param serverPort the Shadowsocks server port of this user, or null
 * @param uid the uid of this user's proxy process when it has one of its own, or null
 * @param reasons why it was judged abuse
 */
public record Offender(
    String service,
    String user,
    List<String> clients,
    Integer serverPort,
    Integer uid,
    List<String> reasons) {
  public Offender {
    clients =
        clients.stream().filter(IpLiteral::isIp).map(c -> IpLiteral.canonical(c).get()).toList();
    reasons = List.copyOf(reasons);
    if (serverPort != null && (serverPort < 1 || serverPort > 65535)) {
      throw new IllegalArgumentException("server port out of range: " + serverPort);
    }
    if (uid != null && uid < 0) {
      throw new IllegalArgumentException("negative uid: " + uid);
    }
  }

  /**
   * One line for comments: "v2ray alice@example.com: 7 distinct destinations ...". Reasons are
   * joined by " and ": rule files keep no ';' of a log's text.
   */
  public String describe() {
    String who = service + " " + (user == null ? "unknown user" : user);
    return reasons.isEmpty() ? who : who + ": " + String.join(" and ", reasons);
  }
}
