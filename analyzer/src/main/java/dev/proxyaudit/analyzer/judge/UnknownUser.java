package dev.proxyaudit.analyzer.judge;

import dev.proxyaudit.analyzer.event.Dataset;

/** Why a log names no user, and what the operator can switch on so that it does. */
final class UnknownUser {
  private UnknownUser() {}

  static String why(Dataset dataset) {
    if (dataset == null) {
      return null;
    }
    return switch (dataset) {
      case V2RAY_ACCESS, XRAY_ACCESS, V2RAY_OR_XRAY_ACCESS ->
          "the access line has no email: this client's account has none, or the inbound (socks,"
              + " http, dokodemo-door) has no accounts; give every client an \"email\" in the"
              + " inbound's settings.clients";
      case SHADOWSOCKS_RUST ->
          "shadowsocks-rust logs the client but not the user: run one server (port) per user and"
              + " name the ports with --users";
      case SHADOWSOCKS_PYTHON ->
          "the Python shadowsocks server logs the client but not the user: give each user a port"
              + " of their own (port_password); ShadowsocksR logs 'by user N' when it has users";
      case SHADOWSOCKS_LIBEV -> "no server port in the line (libev before 3.2.2): upgrade";
      case SING_BOX ->
          "the line has no [user]: the inbound has no users with a \"name\" (or takes"
              + " anyone: socks, http, mixed without users); give every user a \"name\"";
      default -> null;
    };
  }
}
