package dev.proxyaudit.analyzer.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxyaudit.testing.Need;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live read: the lab's real iptables-save is loaded into a fresh network namespace and doctor
 * runs iptables-save, ip6tables-save and nft list ruleset there (root only; skipped, or failed
 * under CI=true, without root or the tools).
 */
class DoctorLiveNetnsTest {
  static final Path RULES = Path.of("src/test/resources/real-formats/lab-run/netfilter-rules.txt");

  @TempDir Path emptyRoot;

  @Test
  void readsTheFirewallOfANamespace() throws Exception {
    Need.root("a network namespace of its own");
    needNamespaceTools();
    String ns = "pa-doctor-" + ProcessHandle.current().pid() + "-" + (System.nanoTime() % 100000);
    String v4 = labIptablesV4();
    Need.that(run(List.of("ip", "netns", "add", ns), null) == 0, "cannot create a namespace");
    try {
      assertEquals(0, run(List.of("ip", "netns", "exec", ns, "iptables-restore"), v4));
      CommandRunner inNs = inNamespace(ns);
      // a host with rsyslog's file, so that only the firewall is in question
      Files.createDirectories(emptyRoot.resolve("var/log"));
      Files.writeString(emptyRoot.resolve("var/log/syslog"), "");
      HostState host = new HostReader(emptyRoot, inNs).live();
      assertTrue(host.iptables().orElseThrow().text().contains("--log-uid"));
      assertTrue(host.v2rayConfigs().isEmpty() && host.units().isEmpty());
      List<Finding> found = Doctor.examine(host);
      assertEquals(1, found.size(), found.toString());
      assertEquals(Ipv6TwinCheck.ID, found.get(0).id(), "IPv4 logged, the namespace's IPv6 not");
      assertTrue(found.get(0).problem().startsWith("tcp port 25,465,587"), found.toString());
      assertEquals(
          List.of(), LogRules.nft(host.nft().orElseThrow().text()).get("ip6").stream().toList());
    } finally {
      run(List.of("ip", "netns", "del", ns), null);
    }
  }

  /**
   * Issue 19: a Shadowsocks port whose incoming connections no rule logs; the iptables lines doctor
   * prints, and then instead its nftables lines, each run for real in a namespace of its own (with
   * the lab's rules less their INPUT ones), clear the finding.
   */
  @Test
  void theInboundLogRuleDoctorPrintsClearsItsFinding() throws Exception {
    Need.root("network namespaces of its own");
    needNamespaceTools();
    StringBuilder v4 = new StringBuilder();
    for (String line : labIptablesV4().split("\n")) {
      if (!line.startsWith("-A INPUT ")) {
        v4.append(line).append('\n');
      }
    }
    Files.createDirectories(emptyRoot.resolve("var/log"));
    Files.writeString(emptyRoot.resolve("var/log/syslog"), "");
    Files.createDirectories(emptyRoot.resolve("etc/shadowsocks-libev"));
    // Debian's shipped config.json, on the port the lab's frank uses
    Files.writeString(
        emptyRoot.resolve("etc/shadowsocks-libev/frank.json"),
        "{\n  \"server\": [\"::0\", \"0.0.0.0\"],\n  \"server_port\": 8389,\n"
            + "  \"password\": \"x\",\n  \"method\": \"chacha20-ietf-poly1305\"\n}\n");
    for (boolean nft : new boolean[] {false, true}) {
      String ns = "pa-doctor-" + ProcessHandle.current().pid() + "-" + (nft ? "nft" : "ipt");
      Need.that(run(List.of("ip", "netns", "add", ns), null) == 0, "cannot create a namespace");
      try {
        assertEquals(0, run(List.of("ip", "netns", "exec", ns, "iptables-restore"), v4.toString()));
        Finding f = inbound(ns);
        assertTrue(f != null, "no inbound finding before the fix");
        assertEquals(
            "no LOG or NFLOG rule on INPUT for the Shadowsocks server port 8389", f.problem());
        List<String> lines = new ArrayList<>();
        boolean nftPart = false;
        for (String line : f.fix().split("\n")) {
          nftPart |= line.startsWith("# or, with nftables");
          if (!line.startsWith("#") && nftPart == nft) {
            lines.add(line);
          }
        }
        assertEquals(nft ? 3 : 2, lines.size(), f.fix());
        for (String line : lines) {
          assertEquals(0, run(List.of("ip", "netns", "exec", ns, "sh", "-c", line), null), line);
        }
        assertEquals(null, inbound(ns), "the fix as printed clears it");
      } finally {
        run(List.of("ip", "netns", "del", ns), null);
      }
    }
  }

  /** Doctor's inbound finding for a host whose firewall is namespace {@code ns}'s, or null. */
  private Finding inbound(String ns) throws IOException {
    for (Finding f : Doctor.examine(new HostReader(emptyRoot, inNamespace(ns)).live())) {
      if (f.id().equals(InboundLogCheck.ID)) {
        return f;
      }
    }
    return null;
  }

  /** ip to make the namespace, iptables-restore to fill it, and what doctor runs in it. */
  private static void needNamespaceTools() {
    Need.command("ip", "iproute2");
    Need.command("iptables-restore", "iptables");
    Need.command("iptables-save", "iptables");
    Need.command("ip6tables-save", "iptables");
    Need.command("nft", "nftables");
  }

  /** The lab's IPv4 rules as iptables-save wrote them. */
  private static String labIptablesV4() throws IOException {
    String dump = Files.readString(RULES);
    return dump.substring(dump.indexOf("== iptables-save\n") + 17, dump.indexOf("== ip6tables"));
  }

  /** Commands run inside namespace {@code ns}: doctor reads its firewall as a host's. */
  private static CommandRunner inNamespace(String ns) {
    CommandRunner local = CommandRunner.local(10);
    return command -> {
      List<String> c = new ArrayList<>(List.of("ip", "netns", "exec", ns));
      c.addAll(command);
      return local.run(c);
    };
  }

  @Test
  void aMissingToolIsNotCheckedNotAProblem() {
    HostReader r = new HostReader(emptyRoot, CommandRunner.local(5));
    assertTrue(r.netfilter(List.of("no-such-firewall-dump-tool")).isEmpty());
    assertEquals(1, r.notChecked().size());
    assertTrue(
        r.notChecked().get(0).contains("not checked, not installed"), r.notChecked().toString());
  }

  private static int run(List<String> command, String stdin)
      throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    if (stdin != null) {
      try (var in = p.getOutputStream()) {
        in.write(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      }
    } else {
      p.getOutputStream().close();
    }
    p.getInputStream().transferTo(System.err);
    if (!p.waitFor(20, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      return -1;
    }
    return p.exitValue();
  }
}
