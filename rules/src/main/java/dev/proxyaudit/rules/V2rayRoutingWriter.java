package dev.proxyaudit.rules;

import java.util.ArrayList;
import java.util.List;

/**
 * A V2Ray/Xray snippet: one routing rule sending the offending users' TCP to the blocked ports into
 * a {@code blackhole} outbound, and that outbound. The operator merges {@code routing.rules} (put
 * the rule first: rules match in order) and {@code outbounds} into their config. The user names are
 * JSON-escaped exactly (V2Ray compares them byte for byte), never altered.
 */
public final class V2rayRoutingWriter implements RuleWriter {
  public static final String OUTBOUND = "proxy-audit-block";

  @Override
  public String target() {
    return "v2ray";
  }

  @Override
  public String fileName() {
    return "v2ray-routing.json";
  }

  @Override
  public String render(BlockPlan plan) {
    List<String> users = new ArrayList<>();
    for (Offender o : plan.offenders()) {
      if ("v2ray".equals(o.service()) && o.user() != null && !users.contains(o.user())) {
        users.add(o.user());
      }
    }
    List<String> header =
        Header.lines(
            plan,
            "V2Ray/Xray routing: the offending users' TCP to port(s) "
                + plan.portList()
                + " goes to a blackhole",
            List.of(
                "Merge routing.rules (as the FIRST rule) and outbounds into your config.json,",
                "check it: v2ray test -config config.json (v5: v2ray test -c; Xray: xray -test -c),",
                "then restart the service (systemctl restart v2ray or xray)."),
            List.of("It is part of your config.json from then on."));
    StringBuilder sb = new StringBuilder("{\n");
    sb.append("  \"_comment\": [\n");
    for (int i = 0; i < header.size(); i++) {
      sb.append("    ")
          .append(JsonText.quote(header.get(i)))
          .append(i + 1 < header.size() ? ",\n" : "\n");
    }
    sb.append("  ],\n");
    sb.append("  \"routing\": {\n    \"rules\": [");
    if (users.isEmpty()) {
      sb.append("]\n");
    } else {
      sb.append("\n      {\n");
      sb.append("        \"type\": \"field\",\n");
      sb.append("        \"user\": [");
      for (int i = 0; i < users.size(); i++) {
        sb.append(i == 0 ? "" : ", ").append(JsonText.quote(users.get(i)));
      }
      sb.append("],\n");
      sb.append("        \"port\": \"").append(plan.portList()).append("\",\n");
      sb.append("        \"network\": \"tcp\",\n");
      sb.append("        \"outboundTag\": \"").append(OUTBOUND).append("\"\n");
      sb.append("      }\n    ]\n");
    }
    sb.append("  },\n");
    sb.append("  \"outbounds\": [\n");
    sb.append("    {\"tag\": \"")
        .append(OUTBOUND)
        .append("\", \"protocol\": \"blackhole\", \"settings\": {}}\n");
    sb.append("  ]\n}\n");
    return sb.toString();
  }
}
