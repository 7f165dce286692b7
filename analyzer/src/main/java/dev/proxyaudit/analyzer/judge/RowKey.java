package dev.proxyaudit.analyzer.judge;

import dev.proxyaudit.analyzer.event.Service;
import dev.proxyaudit.analyzer.query.GroupBy;
import dev.proxyaudit.analyzer.query.ProxyHit;

/**
 * Which row of {@code who} a proxy line belongs to: (service, user as logged), or (service, client)
 * for a line without a user and for {@link GroupBy#CLIENT}.
 */
public record RowKey(Service service, String user, String client) {
  public static RowKey of(ProxyHit p, GroupBy by) {
    if (by == GroupBy.CLIENT) {
      return new RowKey(p.service(), null, p.client());
    }
    return p.user() != null
        ? new RowKey(p.service(), p.user(), null)
        : new RowKey(p.service(), null, p.client());
  }
}
