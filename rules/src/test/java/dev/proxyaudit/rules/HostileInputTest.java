package dev.proxyaudit.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * User names and destinations come from log lines that strangers shape (a V2Ray email is free text;
 * a client picks its destination). None of it may add a rule, end a comment or break JSON: the
 * rendered files must have exactly the shape of the same plan with a plain name.
 */
class HostileInputTest {
  private static final List<String> HOSTILE =
      List.of(
          "x\" -j ACCEPT\n-A OUTPUT -j ACCEPT\n#",
          "a\"; flush ruleset; table inet x { }",
          "}\n  ],\n  \"outbounds\": [{\"protocol\": \"freedom\"}]\n}",
          "\u001b[31mred\u001b[0m",
          "line\rbreak",
          "'; drop table; --",
          "$(reboot)`id`",
          "\\\"escaped\\\"",
          "\u2028sep\u2029",
          "x".repeat(5000),
          "ünïcødé@例え.jp",
          "");

  private static BlockPlan plan(String user) {
    return plan(user, "/etc/proxy-audit/rules");
  }

  private static BlockPlan plan(String user, String loadDir) {
    return new BlockPlan(
        Instant.parse("2026-11-28T06:00:00Z"),
        "audit rules",
        List.of(25),
        List.of(),
        List.of(),
        List.of(
            new Offender(
                "v2ray",
                user,
                List.of("198.51.100.11", user),
                null,
                null,
                List.of("reason " + user)),
            new Offender("shadowsocks", user, List.of(), 8389, null, List.of(user))),
        List.of("198.51.100.11", user),
        List.of(),
        loadDir,
        BlockPlan.Scope.EVERYONE);
  }

  /**
   * The output folder (an operator's --out) is written into the load instructions, which are pasted
   * into a shell: only a plain absolute path is, anything else is shown as DIR.
   */
  @Test
  void loadInstructionsNameTheOutputFolderOnlyWhenItIsPlain() {
    String ipt = RuleWriters.of("iptables").render(plan("alice", "/srv/fw-rules"));
    assertTrue(ipt.contains("#   or sh /srv/fw-rules/load-rules.sh "), ipt);
    assertTrue(ipt.contains("#   iptables-restore < /srv/fw-rules/iptables.rules "), ipt);
    String nft = RuleWriters.of("nftables").render(plan("alice", "/srv/fw-rules"));
    assertTrue(nft.contains("#   nft -f /srv/fw-rules/nftables.nft\n"), nft);
    for (String dir :
        List.of("/srv/fw rules", "rules", "/x\n-A OUTPUT -j ACCEPT", "/a;reboot", "/$(id)")) {
      for (String t : List.of("iptables", "ip6tables", "nftables")) {
        RuleWriter w = RuleWriters.of(t);
        String text = w.render(plan("alice", dir));
        assertEquals(shape(w.render(plan("alice", "DIR")), w), shape(text, w), t + " in " + dir);
        assertTrue(text.contains("# DIR below: the folder this file was written to."), text);
        assertTrue(text.contains(" DIR/" + w.fileName()), text);
        assertFalse(text.contains(";reboot") || text.contains("$(id)"), text);
      }
    }
  }

  /** The file with every validated or escaped field replaced, so shapes can be compared. */
  private static List<String> shape(String text, RuleWriter w) {
    List<String> out = new ArrayList<>();
    for (String line : text.split("\n", -1)) {
      out.add(
          line.replaceAll("proxy-audit: [^\"]*\"", "proxy-audit: X\"")
              .replaceAll("^(#|  \"|    \")\\s.*", "$1 X")
              .replaceAll("^# .*", "# X")
              .replaceAll("^    \".*\",?$", "    C")
              .replaceAll("\"user\": \\[.*\\],$", "\"user\": [U],"));
    }
    return out;
  }

  @Test
  void hostileNamesNeverChangeTheShapeOfAFile() {
    for (String t : RuleWriters.targets()) {
      RuleWriter w = RuleWriters.of(t);
      List<String> reference = shape(w.render(plan("alice@example.com")), w);
      for (String h : HOSTILE) {
        String text = w.render(plan(h));
        assertEquals(reference, shape(text, w), t + " with user " + h.replace("\n", "\\n"));
        assertFalse(text.contains("\u001b"), t + ": escape character reached the file");
        assertFalse(text.contains("\r"), t + ": carriage return reached the file");
      }
    }
  }

  @Test
  void v2rayKeepsTheExactUserAsOneJsonString() throws Exception {
    RuleWriter w = new V2rayRoutingWriter();
    ObjectMapper json = new ObjectMapper();
    for (String h : HOSTILE) {
      JsonNode root = json.readTree(w.render(plan(h)));
      JsonNode rules = root.get("routing").get("rules");
      assertEquals(1, rules.size(), h);
      assertEquals(1, rules.get(0).get("user").size(), h);
      assertEquals(h, rules.get(0).get("user").get(0).asText(), "the exact name, byte for byte");
      assertEquals(1, root.get("outbounds").size(), h);
      assertEquals("blackhole", root.get("outbounds").get(0).get("protocol").asText());
      assertEquals(List.of("_comment", "routing", "outbounds"), fieldNames(root));
    }
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> names = new ArrayList<>();
    n.fieldNames().forEachRemaining(names::add);
    return names;
  }

  @Test
  void commentTextKeepsOnlySafeCharacters() {
    assertEquals(
        "x_ -j ACCEPT_-A OUTPUT -j ACCEPT__",
        RuleText.comment("x\" -j ACCEPT\n-A OUTPUT -j ACCEPT\n#"));
    assertEquals(RuleText.MAX, RuleText.comment("y".repeat(999)).length());
    Random r = new Random(42);
    for (int i = 0; i < 10_000; i++) {
      StringBuilder sb = new StringBuilder();
      for (int j = 0; j < 40; j++) {
        sb.append((char) r.nextInt(0x3000));
      }
      String c = RuleText.comment(sb.toString());
      assertTrue(c.chars().allMatch(ch -> ch < 128 && ch != '"' && ch != '#' && ch >= ' '), c);
    }
  }

  @Test
  void onlyAddressesBecomeAddresses() {
    BlockPlan p = plan("x");
    assertEquals(List.of("198.51.100.11"), p.dropClients());
    assertThrows(IllegalArgumentException.class, () -> Cidr.parse("198.51.100.0/24 -j ACCEPT"));
    assertThrows(IllegalArgumentException.class, () -> Cidr.parse("198.51.100.0/33"));
    assertThrows(IllegalArgumentException.class, () -> Cidr.parse("mx1.example.test"));
    assertEquals("198.51.100.0/24", Cidr.parse("198.51.100.77/24").toString());
    assertEquals("2001:db8::/32", Cidr.parse("2001:DB8:0::1/32").toString());
  }

  @Test
  void neverBlockWinsOverEveryFinding() {
    BlockPlan p =
        new BlockPlan(
            Instant.EPOCH,
            "audit rules",
            List.of(25),
            List.of(),
            List.of(),
            List.of(),
            List.of("203.0.113.7", "198.51.100.11", "2001:db8::7"),
            List.of(Cidr.parse("203.0.113.0/24"), Cidr.parse("2001:db8::/32")),
            "/etc/proxy-audit/rules",
            BlockPlan.Scope.EVERYONE);
    assertEquals(List.of("198.51.100.11"), p.dropClients());
    for (String t : List.of("iptables", "ip6tables", "nftables")) {
      String text = RuleWriters.of(t).render(p);
      assertFalse(text.contains("203.0.113.7 "), t);
      assertFalse(text.contains("2001:db8::7 "), t);
    }
  }
}
