package dev.proxyaudit.analyzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.proxyaudit.analyzer.testing.Cli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit doctor} on Debian 12's shipped files and on the lab's setup, both directions. */
class DoctorCommandTest {
  static final Path DEB = Path.of("src/test/resources/doctor/debian12");
  static final Path LAB = Path.of("src/test/resources/doctor/lab");
  static final Path RULES = Path.of("src/test/resources/real-formats/lab-run/netfilter-rules.txt");

  @TempDir Path tmp;

  record Run(int code, JsonNode json, String text) {
    TreeSet<String> ids() {
      TreeSet<String> out = new TreeSet<>();
      json.get("findings").forEach(f -> out.add(f.get("id").asText()));
      return out;
    }

    JsonNode first(String id) {
      for (JsonNode f : json.get("findings")) {
        if (f.get("id").asText().equals(id)) {
          return f;
        }
      }
      throw new AssertionError(id + " not found in " + json);
    }
  }

  static Run doctor(List<String> args) throws IOException {
    List<String> a = new ArrayList<>(List.of("doctor", "--output", "json"));
    a.addAll(args);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(a.toArray(String[]::new), new PrintWriter(out), new PrintWriter(err), Map.of());
    assertEquals("", err.toString());
    return new Run(code, new ObjectMapper().readTree(out.toString()), out.toString());
  }

  static List<String> debianShipped() {
    return new ArrayList<>(
        List.of(
            "--v2ray-config", DEB.resolve("v2ray-config.json").toString(),
            "--unit", DEB.resolve("v2ray.service").toString(),
            "--unit", DEB.resolve("shadowsocks-libev.service").toString(),
            "--unit", DEB.resolve("shadowsocks-libev-server@.service").toString(),
            "--shadowsocks-config", DEB.resolve("shadowsocks-libev/config.json").toString(),
            "--logrotate", DEB.resolve("logrotate.d/rsyslog").toString(),
            "--logrotate", DEB.resolve("logrotate.d/ulogd2").toString()));
  }

  /** The lab's netfilter dump split into the three inputs doctor takes. */
  List<String> labNetfilter() throws IOException {
    List<String> args = new ArrayList<>();
    String[] parts = Files.readString(RULES).split("(?m)^== ");
    for (String part : parts) {
      if (part.isBlank()) {
        continue;
      }
      String head = part.substring(0, part.indexOf('\n'));
      String body = part.substring(part.indexOf('\n') + 1);
      String option =
          head.startsWith("iptables-save")
              ? "--iptables-save"
              : head.startsWith("ip6tables-save") ? "--ip6tables-save" : "--nft-ruleset";
      Path f = tmp.resolve(option.substring(2));
      Files.writeString(f, body);
      args.add(option);
      args.add(f.toString());
    }
    assertEquals(6, args.size(), "three parts in " + RULES);
    return args;
  }

  Path write(String name, String text) throws IOException {
    Path p = tmp.resolve(name);
    Files.createDirectories(p.getParent());
    Files.writeString(p, text);
    return p;
  }

  @Test
  void debianAsShippedHasNoAccessLogNoEmailAndSilentShadowsocks() throws IOException {
    Run r = doctor(debianShipped());
    assertEquals(
        new TreeSet<>(
            List.of(
                "v2ray-access-log-off", "v2ray-client-without-email", "shadowsocks-not-verbose")),
        r.ids());
    assertEquals(7, r.code());
    assertEquals(1, r.first("v2ray-access-log-off").get("line").asInt());
    assertEquals(7, r.first("v2ray-client-without-email").get("line").asInt());
    JsonNode ss = r.first("shadowsocks-not-verbose");
    assertTrue(ss.get("file").asText().endsWith("shadowsocks-libev.service:24"), ss.toString());
    assertTrue(r.first("v2ray-access-log-off").get("fix").asText().contains("LogsDirectory=v2ray"));
    assertTrue(r.json().get("notChecked").get(0).asText().startsWith("netfilter"));
  }

  @Test
  void theFixesDoctorPrintsClearTheDebianFindings() throws IOException {
    String config =
        Files.readString(DEB.resolve("v2ray-config.json"))
            .replaceFirst(
                "\\{",
                "{\n  // added by the operator (V2Ray v4 accepts comments)\n  \"log\":"
                    + " {\"access\": \"/var/log/v2ray/access.log\", \"loglevel\": \"info\"},")
            .replace("\"alterId\": 64", "\"alterId\": 64, \"email\": \"alice@example.com\"");
    List<String> args = debianShipped();
    args.set(1, write("etc/v2ray/config.json", config).toString());

    Run unwritable = doctor(args);
    assertEquals(
        new TreeSet<>(List.of("v2ray-access-log-unwritable", "shadowsocks-not-verbose")),
        unwritable.ids());
    assertEquals(3, unwritable.first("v2ray-access-log-unwritable").get("line").asInt());

    args.addAll(
        List.of(
            "--unit",
            write("v2ray.service.d/logs.conf", "[Service]\nLogsDirectory=v2ray\n").toString(),
            "--unit",
            write(
                    "shadowsocks-libev.service.d/verbose.conf",
                    "[Service]\nExecStart=\nExecStart=/usr/bin/ss-server -c $CONFFILE $DAEMON_ARGS"
                        + " -v\n")
                .toString()));
    args.addAll(labNetfilter());
    Run fixed = doctor(args);
    assertEquals(new TreeSet<>(), fixed.ids(), fixed.text());
    assertEquals(0, fixed.code());
  }

  @Test
  void labSetupOnlyItsTwoAnonymousUsers() throws IOException {
    List<String> args =
        new ArrayList<>(List.of("--v2ray-config", LAB.resolve("v2ray-server.json").toString()));
    args.addAll(labNetfilter());
    Run r = doctor(args);
    assertEquals(
        new TreeSet<>(List.of("v2ray-client-without-email", "v2ray-inbound-without-accounts")),
        r.ids());
    assertEquals(9, r.first("v2ray-client-without-email").get("line").asInt());
    assertEquals(2, r.json().get("findings").size(), "one client without email, one socks inbound");
    assertEquals(7, r.code());
  }

  /**
   * --nightly-config: the lab's access log (/var/tmp/pa-lab/v2ray/access.log) outside the sources
   * is a must-fix; the sed line doctor prints, run for real, clears it.
   */
  @Test
  void anAccessLogOutsideTheNightlySourcesAndItsFix() throws Exception {
    Path nightly = tmp.resolve("nightly.conf");
    Files.writeString(nightly, "# sources for this host\nsources = /var/log/syslog*\n");
    List<String> args =
        List.of(
            "--v2ray-config",
            LAB.resolve("v2ray-server.json").toString(),
            "--nightly-config",
            nightly.toString());
    Run r = doctor(args);
    assertEquals(ExitCode.MUST_FIX.code(), r.code(), r.text());
    JsonNode f = r.first("nightly-sources-miss-log");
    assertEquals(nightly + ":2", f.get("file").asText() + ":" + f.get("line").asInt());
    String fix = f.get("fix").asText();
    assertEquals(
        "sed -i 's|^sources *= *|sources = /var/tmp/pa-lab/v2ray/access.log*, |' " + nightly, fix);
    Process sed = new ProcessBuilder("sh", "-c", fix).inheritIO().start();
    assertEquals(0, sed.waitFor());
    assertEquals(
        "# sources for this host\nsources = /var/tmp/pa-lab/v2ray/access.log*, /var/log/syslog*\n",
        Files.readString(nightly));
    assertTrue(!doctor(args).ids().contains("nightly-sources-miss-log"), "fixed");
  }

  @Test
  void ipv4RulesWithoutTheirIpv6Twin() throws IOException {
    List<String> args = labNetfilter();
    List<String> v4only = new ArrayList<>(args.subList(0, 4)); // iptables-save, ip6tables-save
    Path v6 = Path.of(args.get(3));
    List<String> kept = new ArrayList<>();
    for (String line : Files.readAllLines(v6)) {
      if (!line.contains("--log-uid")) {
        kept.add(line);
      }
    }
    Files.write(v6, kept);
    Run r = doctor(v4only);
    assertEquals(new TreeSet<>(List.of("netfilter-missing-twin")), r.ids());
    String fix = r.first("netfilter-missing-twin").get("fix").asText();
    assertTrue(fix.contains("ip6tables -I OUTPUT -p tcp -m multiport --dports 25,465,587"), fix);
    assertTrue(fix.contains("nft add rule ip6 proxy_audit_log6 out tcp dport"), fix);
    assertEquals("must-fix", r.first("netfilter-missing-twin").get("severity").asText());
    Run unknown = doctor(args.subList(0, 2));
    assertEquals(new TreeSet<>(), unknown.ids(), "IPv6 not given: not checked, not a problem");
    assertTrue(unknown.text().contains("IPv6 netfilter: not checked"), unknown.text());
  }

  @Test
  void noUidLogForPort25WhenOnlyTheNftTableLogs587() throws IOException {
    List<String> args = labNetfilter();
    // the iptables LOG rules gone: only the lab's "inet pa_audit" table (587, flags skuid) stays
    for (int i = 1; i < args.size(); i += 2) {
      Path f = Path.of(args.get(i));
      List<String> kept = new ArrayList<>();
      boolean inPaAudit = false;
      for (String line : Files.readAllLines(f)) {
        inPaAudit |= line.startsWith("table inet pa_audit");
        if (inPaAudit || !(line.contains("--log-uid") || line.contains("flags skuid"))) {
          kept.add(line);
        }
      }
      Files.write(f, kept);
    }
    Run r = doctor(args);
    assertEquals(new TreeSet<>(List.of("netfilter-no-uid-log")), r.ids());
    JsonNode f = r.first("netfilter-no-uid-log");
    assertTrue(f.get("problem").asText().endsWith("tcp port 25,465"), f.toString());
    assertTrue(f.get("fix").asText().contains("nft add table inet proxy_audit_log"), f.toString());
    assertEquals(7, r.code());
  }

  @Test
  void proxiesRunAsNobodyShareAUid() throws IOException {
    List<String> args = debianShipped();
    for (String unit : List.of("v2ray.service", "shadowsocks-libev.service")) {
      args.add("--unit");
      args.add(
          write(unit + ".d/user.conf", "[Service]\nDynamicUser=false\nUser=nobody\n").toString());
    }
    Run r = doctor(args);
    assertTrue(r.ids().contains("proxies-share-uid"), r.text());
    assertTrue(r.first("proxies-share-uid").get("problem").asText().contains("run as nobody"));
    assertEquals(
        new TreeSet<>(
            List.of(
                "v2ray-access-log-off",
                "v2ray-client-without-email",
                "shadowsocks-not-verbose",
                "proxies-share-uid")),
        r.ids());
  }

  @Test
  void templateInstancesShareNothingWithDynamicUser() throws IOException {
    List<String> args = debianShipped();
    String conf = Files.readString(DEB.resolve("shadowsocks-libev/config.json"));
    for (String name : List.of("erin", "frank")) {
      args.add("--shadowsocks-config");
      args.add(write("ss/" + name + ".json", conf).toString());
    }
    Run r = doctor(args);
    // the template unit is now in use and has no -v either; DynamicUser keeps the uids apart
    assertEquals(
        2,
        r.json().findValues("id").stream()
            .filter(n -> n.asText().equals("shadowsocks-not-verbose"))
            .count());
    assertTrue(!r.ids().contains("proxies-share-uid"), r.text());
  }

  @Test
  void portPasswordServesSeveralUsersFromOneUid() throws IOException {
    String conf =
        Files.readString(DEB.resolve("shadowsocks-libev/config.json"))
            .replace(
                "\"password\":\"barfoo!\",",
                "\"port_password\": {\"8381\": \"erin-pass\", \"8382\": \"frank-pass\"},");
    Run r = doctor(List.of("--shadowsocks-config", write("ss-manager.json", conf).toString()));
    assertEquals(new TreeSet<>(List.of("shadowsocks-port-password")), r.ids());
    assertEquals(0, r.code(), "should-fix only");
  }

  @Test
  void logrotateThatDeletesBeforeTheNightlyRun() throws IOException {
    String rsyslog = Files.readString(DEB.resolve("logrotate.d/rsyslog"));
    Path bad = write("logrotate.d/rsyslog", rsyslog.replace("rotate 4", "rotate 0\n\tmaxage 1"));
    Run r = doctor(List.of("--logrotate", bad.toString()));
    assertEquals(2, r.json().get("findings").size(), r.text());
    assertEquals(new TreeSet<>(List.of("logrotate-deletes-logs")), r.ids());
    assertEquals(8, r.first("logrotate-deletes-logs").get("line").asInt());
    Run shipped = doctor(List.of("--logrotate", DEB.resolve("logrotate.d/rsyslog").toString()));
    assertEquals(0, shipped.json().get("findings").size());
  }

  @Test
  void websocketBehindNginxAndProxyProtocol() throws IOException {
    String lab = Files.readString(LAB.resolve("v2ray-server.json"));
    String ws =
        "{\"tag\": \"ws-in\", \"listen\": \"127.0.0.1\", \"port\": 10088, \"protocol\": \"vless\","
            + " \"settings\": {\"clients\": [{\"id\": \"5b2a8f10-3c2e-4e7a-9d41-0da7e0000006\","
            + " \"email\": \"ivan\"}], \"decryption\": \"none\"}, \"streamSettings\": {\"network\":"
            + " \"ws\", \"wsSettings\": {\"path\": \"/ray\"}}},\n"
            + "    {\"tag\": \"pp-in\", \"port\": 443, \"protocol\": \"vless\", \"settings\":"
            + " {\"clients\": [{\"id\": \"5b2a8f10-3c2e-4e7a-9d41-0da7e0000007\", \"email\":"
            + " \"judy\"}], \"decryption\": \"none\"}, \"streamSettings\": {\"network\": \"tcp\","
            + " \"sockopt\": {\"acceptProxyProtocol\": true}}},\n    ";
    Path p =
        write("front.json", lab.replace("{\"tag\": \"vless-in\"", ws + "{\"tag\": \"vless-in\""));
    Run r = doctor(List.of("--v2ray-config", p.toString()));
    assertTrue(r.ids().contains("v2ray-behind-reverse-proxy"), r.text());
    assertTrue(r.ids().contains("v2ray-proxy-protocol"), r.text());
    assertEquals("info", r.first("v2ray-proxy-protocol").get("severity").asText());
    assertEquals(4, r.json().get("findings").size(), r.text());
  }

  /** A named file doctor cannot read: the option, the file and why, in one line. */
  @Test
  void unreadableNamedFileSaysWhy() throws IOException {
    Path png = Files.write(tmp.resolve("x.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10});
    Path missing = tmp.resolve("missing.service");
    String[][] cases = {
      {"--v2ray-config", png.toString(), "not a text file (not UTF-8)"},
      {"--nightly-config", png.toString(), "not a text file (not UTF-8)"},
      {"--unit", missing.toString(), "cannot read: no such file or directory"},
      {"--logrotate", tmp.toString(), "cannot read: is a directory, not a file"},
    };
    for (String[] c : cases) {
      Cli.Run r = SampleLogsEndToEndTest.audit("doctor", c[0], c[1]);
      assertEquals(2, r.code(), r.err());
      assertEquals(
          "audit doctor: "
              + c[0]
              + " "
              + c[1]
              + ": "
              + c[2]
              + "\nTry 'audit doctor --help' for more information.\n",
          r.err());
    }
  }

  @Test
  void textOutputAndUsageErrors() {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        Main.run(
            new String[] {"doctor", "--v2ray-config", LAB.resolve("v2ray-server.json").toString()},
            new PrintWriter(out),
            new PrintWriter(err),
            Map.of());
    assertEquals(7, code);
    assertTrue(out.toString().contains("must-fix  v2ray-client-without-email  "), out.toString());
    assertTrue(out.toString().contains("not checked: netfilter"), out.toString());
    int usage =
        Main.run(
            new String[] {"doctor", "--unit", tmp.resolve("missing.service").toString()},
            new PrintWriter(new StringWriter()),
            new PrintWriter(err),
            Map.of());
    assertEquals(2, usage);
  }
}
