package dev.proxyaudit.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import dev.proxyaudit.testing.Need;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17: with {@code --per-user}, one Shadowsocks user is cut off from port 25 while another
 * keeps it. Two real shadowsocks-libev ss-server instances (ports 8388 and 8389, each as a uid of
 * its own, as Debian's DynamicUser units run them) in a proxy namespace, a real ss-local for each
 * in a client namespace, an SMTP-like banner server in a third; the rules file blocks 8389's uid.
 * Through 8388 the banner still comes; through 8389 it does not.
 *
 * <p>Namespaces joined by veth pairs created inside them, no route out, TEST-NET addresses; every
 * process runs under {@code timeout} and is stopped by its handle. Root only; under CI=true a
 * missing tool fails naming its package.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ShadowsocksPerUserBlockTest {
  private static final String SYS_PATH = "/usr/sbin:/usr/bin:/sbin:/bin";
  private static final long PID = ProcessHandle.current().pid();
  private static final int UID_8388 = 4301;
  private static final int UID_8389 = 4302;
  private static final String METHOD = "chacha20-ietf-poly1305";
  private static final String PROXY = "198.51.100.1";
  private static final String CLIENT = "198.51.100.2";
  private static final String MAIL = "203.0.113.25";

  /** Accepts and greets like an SMTP server, so a client knows its connection got through. */
  private static final String BANNER_SERVER =
      String.join(
          "\n",
          "import socket",
          "s = socket.socket()",
          "s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
          "s.bind(('" + MAIL + "', 25))",
          "s.listen(16)",
          "print('ready', flush=True)",
          "while True:",
          "    c = s.accept()[0]",
          "    c.sendall(b'220 mail.example.test ESMTP\\r\\n')",
          "    c.close()");

  /** SOCKS5 CONNECT through ss-local, then waits for the banner: "banner" or what happened. */
  private static final String SOCKS_PROBE =
      String.join(
          "\n",
          "import socket, struct, sys",
          "port, host = int(sys.argv[1]), sys.argv[2]",
          "s = socket.create_connection(('127.0.0.1', port), timeout=3)",
          "try:",
          "    s.sendall(b'\\x05\\x01\\x00'); s.recv(2)",
          "    s.sendall(b'\\x05\\x01\\x00\\x01' + socket.inet_aton(host) + struct.pack('>H', 25))",
          "    s.recv(10)",
          "    data = s.recv(64)",
          "    print('banner' if data.startswith(b'220') else 'closed')",
          "except socket.timeout:",
          "    print('timeout')",
          "except OSError as e:",
          "    print('error', e)");

  @TempDir Path tmp;
  private static Need.Once machine;
  private final List<String> namespaces = new ArrayList<>();
  private final List<Process> processes = new ArrayList<>();
  private String python;

  @BeforeAll
  static void needRootAndTools() {
    machine =
        Need.once(
            () -> {
              Need.root("network namespaces, netfilter and setpriv");
              Need.command("ss-server", "shadowsocks-libev");
              Need.command("ss-local", "shadowsocks-libev");
              Need.command("iptables-restore", "iptables");
              Need.command("nft", "nftables");
              Need.command("ip", "iproute2");
              Need.command("setpriv", "util-linux");
              Need.command("python3", "python3");
            });
  }

  @BeforeEach
  void topology() throws Throwable {
    machine.check();
    python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    String c = ns("c");
    String p = ns("p");
    String s = ns("s");
    String tag = "pa" + PID % 100000;
    ok(
        "ip", "link", "add", tag + "c", "netns", c, "type", "veth", "peer", "name", tag + "p",
        "netns", p);
    ok(
        "ip", "link", "add", tag + "q", "netns", p, "type", "veth", "peer", "name", tag + "s",
        "netns", s);
    ok("ip", "-n", c, "addr", "add", CLIENT + "/24", "dev", tag + "c");
    ok("ip", "-n", p, "addr", "add", PROXY + "/24", "dev", tag + "p");
    ok("ip", "-n", p, "addr", "add", "203.0.113.1/24", "dev", tag + "q");
    ok("ip", "-n", s, "addr", "add", MAIL + "/24", "dev", tag + "s");
    ok("ip", "-n", c, "link", "set", tag + "c", "up");
    ok("ip", "-n", p, "link", "set", tag + "p", "up");
    ok("ip", "-n", p, "link", "set", tag + "q", "up");
    ok("ip", "-n", s, "link", "set", tag + "s", "up");
    start(s, "banner server", python, "-u", "-c", BANNER_SERVER);
    for (int port : List.of(8388, 8389)) {
      int uid = port == 8388 ? UID_8388 : UID_8389;
      start(
          p,
          null,
          "setpriv",
          "--reuid=" + uid,
          "--regid=" + uid,
          "--clear-groups",
          "ss-server",
          "-s",
          PROXY,
          "-p",
          String.valueOf(port),
          "-k",
          "pass-" + port,
          "-m",
          METHOD,
          "-t",
          "10");
      start(
          c,
          null,
          "ss-local",
          "-s",
          PROXY,
          "-p",
          String.valueOf(port),
          "-b",
          "127.0.0.1",
          "-l",
          String.valueOf(port + 1000),
          "-k",
          "pass-" + port,
          "-m",
          METHOD,
          "-t",
          "10");
    }
    waitListening(p, 8388, 8389);
    waitListening(c, 9388, 9389);
  }

  @AfterEach
  void tearDown() {
    for (Process pr : processes) {
      pr.destroy(); // our own, by handle: timeout passes TERM on
      try {
        if (!pr.waitFor(3, TimeUnit.SECONDS)) {
          pr.destroyForcibly();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    for (String n : namespaces) {
      try {
        run(List.of("ip", "netns", "del", n), 10);
      } catch (Exception e) {
        // best effort: names carry this JVM's pid
      }
    }
  }

  @Test
  void iptablesBlocksOnlyTheOffendingInstancesUid() throws Exception {
    assertEquals(Map.of(8388, "banner", 8389, "banner"), probe(), "before loading");
    Path rules = write(new IptablesWriter(false));
    for (int load = 1; load <= 2; load++) {
      ok("ip", "netns", "exec", namespaces.get(1), "sh", "-c", "iptables-restore < " + rules);
      assertEquals(Map.of(8388, "banner", 8389, "timeout"), probe(), "after load " + load);
    }
  }

  @Test
  void nftablesBlocksOnlyTheOffendingInstancesUid() throws Exception {
    Path rules = write(new NftablesWriter());
    for (int load = 1; load <= 2; load++) {
      ok("ip", "netns", "exec", namespaces.get(1), "nft", "-f", rules.toString());
      assertEquals(Map.of(8388, "banner", 8389, "closed"), probe(), "after load " + load);
    }
  }

  /** shadowsocks 8389 judged abuse, its instance ran as its own uid. */
  private Path write(RuleWriter w) throws IOException {
    BlockPlan plan =
        new BlockPlan(
            Instant.parse("2026-11-28T06:00:00Z"),
            "audit rules --per-user",
            List.of(25),
            List.of(),
            List.of(),
            List.of(
                new Offender("shadowsocks", "8389", List.of(), 8389, UID_8389, List.of("spam"))),
            List.of(),
            List.of(),
            tmp.toString(),
            BlockPlan.Scope.OFFENDERS);
    Path f = tmp.resolve(w.fileName());
    Files.writeString(f, w.render(plan));
    return f;
  }

  /** Through each user's ss-local: did the mail server's banner come? */
  private Map<Integer, String> probe() throws Exception {
    Map<Integer, String> got = new LinkedHashMap<>();
    for (int port : List.of(8388, 8389)) {
      Res r =
          run(
              List.of(
                  "ip",
                  "netns",
                  "exec",
                  namespaces.get(0),
                  python,
                  "-c",
                  SOCKS_PROBE,
                  String.valueOf(port + 1000),
                  MAIL),
              15);
      got.put(port, r.out.strip());
    }
    return got;
  }

  private String ns(String role) throws Exception {
    String n = "pa-" + PID + "-ss" + role;
    ok("ip", "netns", "add", n);
    namespaces.add(n);
    ok("ip", "-n", n, "link", "set", "lo", "up");
    return n;
  }

  private void start(String ns, String readyLine, String... cmd) throws Exception {
    List<String> full =
        new ArrayList<>(List.of("ip", "netns", "exec", ns, "timeout", "-k", "2", "80"));
    full.addAll(List.of(cmd));
    ProcessBuilder pb = new ProcessBuilder(full);
    pb.environment().put("PATH", SYS_PATH);
    Path log = Files.createTempFile(tmp, "proc", ".log");
    pb.redirectErrorStream(true).redirectOutput(log.toFile());
    Process pr = pb.start();
    processes.add(pr);
    if (readyLine != null) {
      for (int i = 0; i < 100 && !Files.readString(log).contains("ready"); i++) {
        Thread.sleep(50);
      }
      if (!Files.readString(log).contains("ready")) {
        fail(readyLine + " did not start: " + Files.readString(log));
      }
    }
  }

  private void waitListening(String ns, int... ports) throws Exception {
    for (int port : ports) {
      for (int i = 0; ; i++) {
        Res r = run(List.of("ip", "netns", "exec", ns, "ss", "-Hltn", "sport = :" + port), 10);
        if (!r.out.isBlank()) {
          break;
        }
        if (i == 100) {
          fail("nothing listens on " + port + " in " + ns);
        }
        Thread.sleep(50);
      }
    }
  }

  private record Res(int code, String out) {}

  private static void ok(String... cmd) throws Exception {
    Res r = run(List.of(cmd), 15);
    assertEquals(0, r.code, String.join(" ", cmd) + ": " + r.out);
  }

  private static Res run(List<String> cmd, int seconds) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("PATH", SYS_PATH);
    pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    Process p = pb.start();
    byte[] out = p.getInputStream().readAllBytes();
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      fail(String.join(" ", cmd) + ": timed out");
    }
    return new Res(p.exitValue(), new String(out, StandardCharsets.UTF_8));
  }
}
