package dev.proxyaudit.analyzer.event;

/**
 * The V2Ray/Xray detour of a connection: {@code [out]}, {@code [in -> out]}, {@code [in >> out]}.
 *
 * @param inbound inbound tag, or null (V2Ray never logs it)
 * @param outbound outbound tag, or null when the handler had none
 */
public record Route(String inbound, String outbound) {
  public static final Route NONE = new Route(null, null);
}
