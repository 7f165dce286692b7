package dev.proxyaudit.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.proxyaudit.testing.Need;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads the generated iptables/ip6tables/nftables files into real kernels, inside network
 * namespaces this test creates (and deletes), and proves with real TCP connections that they block
 * what they should and nothing else.
 *
 * <p>Each scenario has its own client and server namespace joined by one veth pair that is created
 * directly inside them, so nothing touches the root namespace. The server runs a bounded python
 * listener on ports 25 and 443 (IPv4 and IPv6) that accepts and closes. The server also holds an
 * allowed destination (.4) and a client to drop (.3): a connection from the client to .3 gets no
 * answer because the SYN-ACK from .3 is dropped on the client's INPUT.
 *
 * <p>Root only; each test is skipped (under CI=true: fails) when not root, when a tool is missing
 * or when namespaces can't be made.
 */
@Timeout(value = 50, unit = TimeUnit.SECONDS)
class NamespaceLoadTest {
  private static final String SYS_PATH = "/usr/sbin:/usr/bin:/sbin:/bin";
  private static final long PID = ProcessHandle.current().pid();
  private static final AtomicInteger SEQ = new AtomicInteger();
  private static final int ALLOWED_UID = 4242;
  private static final int OTHER_UID = 4243;
  private static final double CONNECT_TIMEOUT = 2.0;
  private static final Path SYSTEM_PYTHON = Path.of("/usr/bin/python3");

  private static final String CLIENT4 = "192.0.2.1";
  private static final String SERVER4 = "192.0.2.2";
  private static final String DROPPED4 = "192.0.2.3";
  private static final String ALLOWED4 = "192.0.2.4";
  private static final String CLIENT6 = "2001:db8:5::1";
  private static final String SERVER6 = "2001:db8:5::2";
  private static final String DROPPED6 = "2001:db8:5::3";
  private static final String ALLOWED6 = "2001:db8:5::4";

  /** Everything this run created, for the safety net in {@link #cleanUp()}. */
  private static final Set<String> NAMESPACES = ConcurrentHashMap.newKeySet();

  private static final Set<Process> PROCESSES = ConcurrentHashMap.newKeySet();

  private static String python;

  /** Readers of child output: daemon threads, so a stuck pipe can't keep the JVM alive. */
  private static final ExecutorService READERS =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "namespace-test-reader");
            t.setDaemon(true);
            return t;
          });

  @TempDir static Path tmp;

  /** Root, the tools and a network namespace: checked once, met again by each test. */
  private static Need.Once machine;

  @BeforeAll
  static void needRootAndTools() {
    machine = Need.once(NamespaceLoadTest::checkMachine);
  }

  @BeforeEach
  void skipOrFailAsTheMachineChecksDid() throws Throwable {
    machine.check();
  }

  private static void checkMachine() throws Exception {
    Need.that(System.getProperty("os.name", "").toLowerCase().contains("linux"), "Linux only");
    Need.root("network namespaces and netfilter");
    for (String tool :
        List.of(
            "iptables",
            "iptables-restore",
            "iptables-save",
            "ip6tables",
            "ip6tables-restore",
            "ip6tables-save")) {
      Need.command(tool, "iptables");
    }
    Need.command("ip", "iproute2");
    Need.command("nft", "nftables");
    Need.command("setpriv", "util-linux");
    // the system python: pyenv shims under /root are not usable by the uids the probe runs as
    python =
        Files.isExecutable(SYSTEM_PYTHON)
            ? SYSTEM_PYTHON.toString()
            : Need.command("python3", "python3").toString();
    // Can we make a namespace at all (a container without CAP_SYS_ADMIN can't)?
    String probe = "pa-" + PID + "-probe";
    Res add = run(List.of("ip", "netns", "add", probe), null, SYS_PATH, 10);
    if (add.code == 0) {
      run(List.of("ip", "netns", "del", probe), null, SYS_PATH, 10);
    }
    Need.that(add.code == 0, "cannot create a network namespace: " + add.err);
  }

  @AfterAll
  static void cleanUp() {
    for (Process p : PROCESSES) {
      stop(p);
    }
    for (String ns : NAMESPACES) {
      deleteNamespace(ns);
    }
  }

  // ---- the plan and its files ----

  private static BlockPlan plan() {
    Offender alice =
        new Offender(
            "v2ray",
            "alice@example.com",
            List.of(DROPPED4, DROPPED6),
            null,
            null,
            List.of("sent mail to 40 hosts"));
    return new BlockPlan(
        Instant.parse("2024-05-01T03:00:00Z"),
        "proxy-audit block --port 25",
        List.of(25),
        List.of(ALLOWED_UID),
        List.of(Cidr.parse(ALLOWED4), Cidr.parse(ALLOWED6)),
        List.of(alice),
        List.of(DROPPED4, DROPPED6),
        List.of(),
        "/etc/proxy-audit/rules",
        BlockPlan.Scope.EVERYONE);
  }

  private static Path writeFiles(String name) throws IOException {
    Path dir = Files.createDirectory(tmp.resolve(name));
    BlockPlan plan = plan();
    for (RuleWriter w :
        List.of(
            new IptablesWriter(false),
            new IptablesWriter(true),
            new LoaderWriter(),
            new NftablesWriter())) {
      Files.writeString(dir.resolve(w.fileName()), w.render(plan));
    }
    return dir;
  }

  // ---- scenarios ----

  /** How operators load an iptables-restore file. */
  private enum Way {
    /** {@code iptables-restore < file}: the habit, and what netfilter-persistent does at boot. */
    PLAIN,
    /** {@code iptables-restore --noflush < file}. */
    NOFLUSH,
    /** {@code sh load-rules.sh}. */
    LOADER
  }

  @Test
  void plainIptablesRestoreTouchesNoOtherRule() throws Exception {
    iptablesScenario(Way.PLAIN, "plain", SYS_PATH, "iptables-nft-save", "iptables-legacy-save");
  }

  @Test
  void iptablesRestoreNoflush() throws Exception {
    iptablesScenario(Way.NOFLUSH, "noflush", SYS_PATH, "iptables-nft-save", "iptables-legacy-save");
  }

  @Test
  void loaderWithIptablesNft() throws Exception {
    iptablesScenario(
        Way.LOADER, "nft-backend", SYS_PATH, "iptables-nft-save", "iptables-legacy-save");
  }

  @Test
  void loaderWithIptablesLegacy() throws Exception {
    List<String> names =
        List.of(
            "iptables",
            "iptables-restore",
            "iptables-save",
            "ip6tables",
            "ip6tables-restore",
            "ip6tables-save");
    for (String name : names) {
      Need.command(name.replaceFirst("tables", "tables-legacy"), "iptables");
    }
    // The loader calls plain iptables/iptables-restore; put legacy ones first on its PATH.
    Path bin = Files.createDirectory(tmp.resolve("legacy-bin"));
    for (String name : names) {
      Path wrapper = bin.resolve(name);
      Files.writeString(
          wrapper,
          "#!/bin/sh\nexec "
              + Need.command(name.replaceFirst("tables", "tables-legacy"), "iptables")
              + " \"$@\"\n");
      Files.setPosixFilePermissions(wrapper, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
    iptablesScenario(
        Way.LOADER,
        "legacy-backend",
        bin + ":" + SYS_PATH,
        "iptables-legacy-save",
        "iptables-nft-save");
  }

  /**
   * The persistent way: {@code netfilter-persistent save} (Debian) and {@code service iptables
   * save} (RHEL) write {@code iptables-save} to rules.v4 / /etc/sysconfig/iptables, and at boot
   * restore it with plain {@code iptables-restore < file} (what netfilter-persistent's 15-ip4tables
   * and 25-ip6tables plugins run). After such a "reboot" into a fresh namespace, the operator's
   * rules and the block are both back, however often the service restarts.
   */
  @Test
  void savedWithTheOperatorsRulesAndRestoredAtBoot() throws Exception {
    Path dir = writeFiles("persistent");
    Map<String, Path> saved = new LinkedHashMap<>();
    Map<String, String> filterBefore = new LinkedHashMap<>();
    try (Topology t = new Topology(false)) {
      preExisting(t);
      for (String cmd : List.of("iptables", "ip6tables")) {
        filterBefore.put(cmd, table(t, cmd, "filter"));
      }
      load(t, Way.LOADER, dir, 1);
      for (String cmd : List.of("iptables", "ip6tables")) {
        Path f = dir.resolve("rules." + (cmd.equals("iptables") ? "v4" : "v6"));
        Files.writeString(f, t.clientOk(cmd + "-save"));
        saved.put(cmd, f);
      }
    }
    try (Topology boot = new Topology(false)) {
      String first = null;
      for (int start = 1; start <= 2; start++) {
        for (String cmd : List.of("iptables", "ip6tables")) {
          Res r = boot.client(List.of(cmd + "-restore"), saved.get(cmd));
          assertEquals(0, r.code, cmd + "-restore < " + saved.get(cmd) + ": " + r.err);
          assertEquals(filterBefore.get(cmd), table(boot, cmd, "filter"), cmd + " filter table");
        }
        String now = save(boot, "iptables") + "\n" + save(boot, "ip6tables");
        assertTrue(first == null || first.equals(now), "a second start changed the ruleset");
        first = now;
        boot.expectBlocked("after boot start " + start);
      }
    }
  }

  /** Someone else's rules, there before us: what no way of loading may change. */
  private static void preExisting(Topology t) throws Exception {
    for (String cmd : List.of("iptables", "ip6tables")) {
      t.clientOk(cmd, "-w", "-N", "OTHER");
      t.clientOk(cmd, "-w", "-A", "OTHER", "-p", "tcp", "--dport", "8080", "-j", "ACCEPT");
      t.clientOk(cmd, "-w", "-A", "FORWARD", "-j", "OTHER");
      t.clientOk(cmd, "-w", "-A", "INPUT", "-p", "udp", "--dport", "53", "-j", "ACCEPT");
      t.clientOk(
          cmd,
          "-w",
          "-A",
          "OUTPUT",
          "-p",
          "tcp",
          "--dport",
          "993",
          "-m",
          "comment",
          "--comment",
          "pre-existing imaps",
          "-j",
          "ACCEPT");
    }
  }

  private static void load(Topology t, Way way, Path dir, int load) throws Exception {
    if (way == Way.LOADER) {
      Res r = t.client(List.of("sh", dir.resolve(LoaderWriter.FILE).toString()), null);
      assertEquals(0, r.code, "load-rules.sh (load " + load + ") failed: " + r.err + r.out);
      return;
    }
    for (String cmd : List.of("iptables", "ip6tables")) {
      List<String> restore =
          way == Way.PLAIN ? List.of(cmd + "-restore") : List.of(cmd + "-restore", "--noflush");
      Res r = t.client(restore, dir.resolve(cmd + ".rules"));
      assertEquals(0, r.code, restore + " (load " + load + ") failed: " + r.err);
      assertEquals("", r.err.strip(), restore + " wrote to stderr");
    }
  }

  /**
   * Loads {@code way} twice, with {@code path} deciding which iptables backend it gets: the
   * operator's filter table unchanged, the security table with one jump per hook, port 25 blocked
   * (loopback not), the second load changing nothing; {@code ownSave} must then show the jumps and
   * {@code otherSave} (the other backend) nothing.
   */
  private void iptablesScenario(Way way, String name, String path, String ownSave, String otherSave)
      throws Exception {
    Path dir = writeFiles(name);
    try (Topology t = new Topology(false, path)) {
      preExisting(t);
      Map<String, String> filterBefore = new LinkedHashMap<>();
      for (String cmd : List.of("iptables", "ip6tables")) {
        filterBefore.put(cmd, table(t, cmd, "filter"));
      }
      t.expect(baseline(), "before loading");

      Map<String, List<String>> first = new LinkedHashMap<>();
      for (int load = 1; load <= 2; load++) {
        load(t, way, dir, load);
        for (String cmd : List.of("iptables", "ip6tables")) {
          assertEquals(
              filterBefore.get(cmd),
              table(t, cmd, "filter"),
              cmd + ": the operator's filter table changed by " + way + " load " + load);
          List<String> saved = save(t, cmd);
          for (String[] jump :
              new String[][] {
                {"OUTPUT", "PROXY-AUDIT-OUT"},
                {"FORWARD", "PROXY-AUDIT-FWD"},
                {"INPUT", "PROXY-AUDIT-IN"}
              }) {
            String line = "-A " + jump[0] + " -j " + jump[1];
            long n = saved.stream().filter(line::equals).count();
            assertEquals(1, n, cmd + ": jumps '" + line + "' after load " + load + ":\n" + saved);
          }
          if (load == 1) {
            first.put(cmd, saved);
          } else {
            assertEquals(first.get(cmd), saved, cmd + ": second load changed the ruleset");
          }
        }
        t.expectBlocked("after " + way + " load " + load);
        // The LOG and DROP rules saw the blocked connections (LOG itself is silent in a
        // namespace unless net.netfilter.nf_log_all_netns=1, so count packets instead).
        for (String cmd : List.of("iptables", "ip6tables")) {
          String counted = t.clientOk(cmd + "-save", "-c", "-t", "security");
          for (String target : List.of("-j LOG", "-j DROP")) {
            List<String> rules =
                counted
                    .lines()
                    .filter(l -> l.contains("-A PROXY-AUDIT-OUT ") && l.contains(target))
                    .toList();
            assertEquals(1, rules.size(), cmd + " " + target + ":\n" + counted);
            assertTrue(
                !rules.get(0).startsWith("[0:"),
                cmd + ": no packet hit " + target + " after load " + load + ":\n" + counted);
          }
        }
      }
      String own = t.clientOk(ownSave);
      assertTrue(own.contains("-A OUTPUT -j PROXY-AUDIT-OUT"), ownSave + ":\n" + own);
      if (Need.find(otherSave).isPresent()) {
        String other = t.clientOk(otherSave);
        assertTrue(!other.contains("PROXY-AUDIT"), "loaded into the wrong backend:\n" + other);
      }
    }
  }

  /** The loader refuses a security table that holds someone else's rule, and changes nothing. */
  @Test
  void loaderRefusesForeignRulesInTheSecurityTable() throws Exception {
    Path dir = writeFiles("foreign");
    try (Topology t = new Topology(false)) {
      t.clientOk("iptables", "-w", "-t", "security", "-A", "OUTPUT", "-p", "udp", "-j", "ACCEPT");
      String before = t.ruleset();
      Res r = t.client(List.of("sh", dir.resolve(LoaderWriter.FILE).toString()), null);
      assertTrue(r.code != 0, "load-rules.sh loaded over a foreign rule: " + r.out);
      assertTrue(r.err.contains("-A OUTPUT -p udp -j ACCEPT"), r.err);
      assertEquals(before, t.ruleset(), "a refused load changed the ruleset");
    }
  }

  @Test
  void nftables() throws Exception {
    Path dir = writeFiles("nftables");
    try (Topology t = new Topology(true)) {
      t.clientOk("nft", "add", "table", "inet", "other");
      t.clientOk(
          "nft",
          "add chain inet other out { type filter hook output priority 10; policy accept; }");
      t.clientOk(
          "nft", "add rule inet other out tcp dport 993 counter accept comment \"pre-existing\"");
      t.clientOk("nft", "add chain inet other helper");
      String otherBefore = t.clientOk("nft", "list", "table", "inet", "other");
      String tablesBefore = t.clientOk("nft", "list", "tables");
      t.expect(baseline(), "before loading");

      String first = null;
      for (int load = 1; load <= 2; load++) {
        Res r = t.client(List.of("nft", "-f", dir.resolve("nftables.nft").toString()), null);
        assertEquals(0, r.code, "nft -f nftables.nft (load " + load + ") failed: " + r.err);
        String ruleset = t.clientOk("nft", "list", "ruleset");
        if (first == null) {
          first = ruleset;
        } else {
          assertEquals(first, ruleset, "second nft load changed the ruleset");
        }
        assertEquals(
            otherBefore,
            t.clientOk("nft", "list", "table", "inet", "other"),
            "table inet other changed by load " + load);
        assertEquals(
            tablesBefore + "table inet " + NftablesWriter.TABLE + "\n",
            t.clientOk("nft", "list", "tables"),
            "tables after load " + load);
        t.expectBlocked("after nft load " + load);
      }
    }
  }

  // ---- expectations ----

  /** Before loading: everything connects. */
  private static Map<String, String> baseline() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("127.0.0.1/25", "connected");
    m.put("::1/25", "connected");
    for (String host : List.of(SERVER4, SERVER6, DROPPED4, DROPPED6, ALLOWED4, ALLOWED6)) {
      m.put(host + "/25", "connected");
      m.put(host + "/443", "connected");
    }
    return m;
  }

  /**
   * After loading, as root (not an allowed uid): port 25 blocked (dropped by the iptables files,
   * which own the security table where REJECT does not exist; refused by nftables), mail to the
   * host's own MTA through lo not.
   */
  private static Map<String, String> blocked(boolean nft) {
    String no = nft ? "refused" : "timeout";
    Map<String, String> m = new LinkedHashMap<>();
    m.put("127.0.0.1/25", "connected");
    m.put("::1/25", "connected");
    m.put(SERVER4 + "/25", no);
    m.put(SERVER6 + "/25", no);
    m.put(SERVER4 + "/443", "connected");
    m.put(SERVER6 + "/443", "connected");
    m.put(ALLOWED4 + "/25", "connected");
    m.put(ALLOWED6 + "/25", "connected");
    // The answer from a dropped client's address never arrives.
    m.put(DROPPED4 + "/443", "timeout");
    m.put(DROPPED6 + "/443", "timeout");
    return m;
  }

  // ---- running things ----

  record Res(int code, String out, String err) {}

  private static final String PROBE =
      String.join(
          "\n",
          "import socket, sys, threading",
          "t = float(sys.argv[1])",
          "res = {}",
          "def probe(spec):",
          "    host, port = spec.rsplit('/', 1)",
          "    fam = socket.AF_INET6 if ':' in host else socket.AF_INET",
          "    s = socket.socket(fam, socket.SOCK_STREAM)",
          "    s.settimeout(t)",
          "    try:",
          "        s.connect((host, int(port)))",
          "        r = 'connected'",
          "    except ConnectionRefusedError:",
          "        r = 'refused'",
          "    except TimeoutError:",
          "        r = 'timeout'",
          "    except OSError as e:",
          "        r = 'error:' + str(e)",
          "    finally:",
          "        s.close()",
          "    res[spec] = r",
          "ts = [threading.Thread(target=probe, args=(a,)) for a in sys.argv[2:]]",
          "[x.start() for x in ts]",
          "[x.join() for x in ts]",
          "for a in sys.argv[2:]:",
          "    print(a, res[a])");

  private static final String LISTENER =
      String.join(
          "\n",
          "import select, socket",
          "ss = []",
          "for fam, addr in ((socket.AF_INET, '0.0.0.0'), (socket.AF_INET6, '::')):",
          "    for port in (25, 443):",
          "        s = socket.socket(fam, socket.SOCK_STREAM)",
          "        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)",
          "        if fam == socket.AF_INET6:",
          "            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)",
          "        s.bind((addr, port))",
          "        s.listen(64)",
          "        ss.append(s)",
          "print('ready', flush=True)",
          "while True:",
          "    for s in select.select(ss, [], [])[0]:",
          "        s.accept()[0].close()");

  /** A client and a server namespace joined by one veth pair, and a listener in the server. */
  private static final class Topology implements AutoCloseable {
    final String client;
    final String server;
    final String path;
    final boolean nft;
    Process listener;
    Process local; // the client's own "MTA" on lo

    Topology(boolean nft) throws Exception {
      this(nft, SYS_PATH);
    }

    Topology(boolean nft, String path) throws Exception {
      this.nft = nft;
      this.path = path;
      int n = SEQ.incrementAndGet();
      client = "pa-" + PID + "-" + n + "-c";
      server = "pa-" + PID + "-" + n + "-s";
      String a = "pa" + PID + "c" + n;
      String b = "pa" + PID + "s" + n;
      try {
        for (String ns : List.of(client, server)) {
          ok(List.of("ip", "netns", "add", ns));
          NAMESPACES.add(ns);
          ok(List.of("ip", "-n", ns, "link", "set", "lo", "up"));
        }
        ok(
            List.of(
                "ip", "link", "add", a, "netns", client, "type", "veth", "peer", "name", b, "netns",
                server));
        ok(List.of("ip", "-n", client, "addr", "add", CLIENT4 + "/24", "dev", a));
        ok(List.of("ip", "-n", client, "addr", "add", CLIENT6 + "/64", "dev", a, "nodad"));
        for (String addr : List.of(SERVER4, DROPPED4, ALLOWED4)) {
          ok(List.of("ip", "-n", server, "addr", "add", addr + "/24", "dev", b));
        }
        for (String addr : List.of(SERVER6, DROPPED6, ALLOWED6)) {
          ok(List.of("ip", "-n", server, "addr", "add", addr + "/64", "dev", b, "nodad"));
        }
        String root = run(List.of("ip", "-o", "link", "show"), null, SYS_PATH, 10).out;
        assertTrue(
            !root.contains(a) && !root.contains(b), "veth end in the root namespace:\n" + root);
        ok(List.of("ip", "-n", client, "link", "set", a, "up"));
        ok(List.of("ip", "-n", server, "link", "set", b, "up"));
        listener = startListener(server);
        local = startListener(client);
      } catch (Exception | Error e) {
        close();
        throw e;
      }
    }

    private Process startListener(String ns) throws Exception {
      ProcessBuilder pb =
          new ProcessBuilder(
              "ip", "netns", "exec", ns, "timeout", "-k", "2", "45", python, "-c", LISTENER);
      pb.environment().put("PATH", SYS_PATH);
      Path err = tmp.resolve(ns + ".listener.err");
      pb.redirectError(err.toFile());
      Process listener = pb.start();
      PROCESSES.add(listener);
      BufferedReader out =
          new BufferedReader(
              new InputStreamReader(listener.getInputStream(), StandardCharsets.UTF_8));
      CompletableFuture<String> line =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return out.readLine();
                } catch (IOException e) {
                  return null;
                }
              },
              READERS);
      String got;
      try {
        got = line.get(10, TimeUnit.SECONDS);
      } catch (Exception e) {
        got = null;
      }
      if (!"ready".equals(got)) {
        fail("listener in " + ns + " did not start: " + Files.readString(err));
      }
      return listener;
    }

    private void ok(List<String> cmd) throws Exception {
      Res r = run(cmd, null, SYS_PATH, 10);
      assertEquals(0, r.code, String.join(" ", cmd) + ": " + r.err);
    }

    Res client(List<String> cmd, Path stdin) throws Exception {
      List<String> full = new ArrayList<>(List.of("ip", "netns", "exec", client));
      full.addAll(cmd);
      return run(full, stdin, path, 15);
    }

    String clientOk(String... cmd) throws Exception {
      Res r = client(List.of(cmd), null);
      assertEquals(0, r.code, String.join(" ", cmd) + " in " + client + ": " + r.err);
      return r.out;
    }

    /** Connects from the client namespace, optionally as another uid, all targets at once. */
    Map<String, String> probe(Integer uid, List<String> targets) throws Exception {
      List<String> cmd = new ArrayList<>();
      if (uid != null) {
        cmd.addAll(List.of("setpriv", "--reuid=" + uid, "--regid=" + uid, "--clear-groups"));
      }
      cmd.addAll(List.of(python, "-c", PROBE, String.valueOf(CONNECT_TIMEOUT)));
      cmd.addAll(targets);
      Res r = client(cmd, null);
      assertEquals(0, r.code, "probe failed: " + r.err);
      Map<String, String> got = new LinkedHashMap<>();
      for (String l : r.out.strip().split("\n")) {
        String[] p = l.split(" ", 2);
        got.put(p[0], p[1]);
      }
      return got;
    }

    /** All expectations hold; connections that should connect get a few attempts. */
    void expect(Map<String, String> want, String when) throws Exception {
      Map<String, String> got = probe(null, List.copyOf(want.keySet()));
      for (int attempt = 1; attempt < 3 && !got.equals(want); attempt++) {
        Thread.sleep(300);
        got = probe(null, List.copyOf(want.keySet()));
      }
      assertEquals(want, got, "connections from " + client + " " + when + "\n" + ruleset());
    }

    void expectBlocked(String when) throws Exception {
      expect(blocked(nft), when);
      List<String> smtp = List.of(SERVER4 + "/25", SERVER6 + "/25");
      assertEquals(
          Map.of(smtp.get(0), "connected", smtp.get(1), "connected"),
          probe(ALLOWED_UID, smtp),
          "allowed uid " + ALLOWED_UID + " to port 25 " + when + "\n" + ruleset());
      String no = nft ? "refused" : "timeout";
      assertEquals(
          Map.of(smtp.get(0), no, smtp.get(1), no),
          probe(OTHER_UID, smtp),
          "other uid " + OTHER_UID + " to port 25 " + when + "\n" + ruleset());
    }

    String ruleset() throws Exception {
      if (nft) {
        return client(List.of("nft", "list", "ruleset"), null).out;
      }
      return client(List.of("iptables-save"), null).out
          + client(List.of("ip6tables-save"), null).out;
    }

    @Override
    public void close() {
      for (Process p : new Process[] {listener, local}) {
        if (p != null) {
          stop(p);
          PROCESSES.remove(p);
        }
      }
      for (String ns : List.of(client, server)) {
        if (NAMESPACES.contains(ns)) {
          deleteNamespace(ns);
        }
      }
    }
  }

  /** One table as {@code iptables-save -t} prints it, without counters and comment lines. */
  private static String table(Topology t, String cmd, String table) throws Exception {
    Res r = t.client(List.of(cmd + "-save", "-t", table), null);
    assertEquals(0, r.code, cmd + "-save -t " + table + ": " + r.err);
    return r.out
        .lines()
        .filter(l -> !l.startsWith("#"))
        .map(l -> l.replaceAll("^(:\\S+ \\S+) \\[\\d+:\\d+\\]$", "$1"))
        .collect(Collectors.joining("\n"));
  }

  /** iptables-save without counters and comment lines, as lines. */
  private static List<String> save(Topology t, String cmd) throws Exception {
    Res r = t.client(List.of(cmd + "-save"), null);
    assertEquals(0, r.code, cmd + "-save: " + r.err);
    return r.out
        .lines()
        .filter(l -> !l.startsWith("#"))
        .map(l -> l.replaceAll("^(:\\S+ \\S+) \\[\\d+:\\d+\\]$", "$1"))
        .collect(Collectors.toList());
  }

  private static void stop(Process p) {
    // Only our own process, by its handle (its PID): timeout passes TERM on to python.
    p.destroy();
    try {
      if (!p.waitFor(3, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        p.waitFor(3, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static void deleteNamespace(String ns) {
    try {
      run(List.of("ip", "netns", "del", ns), null, SYS_PATH, 10);
    } catch (Exception e) {
      // best effort: the next namespace has another name anyway
    }
    NAMESPACES.remove(ns);
  }

  private static Res run(List<String> cmd, Path stdin, String path, int seconds) throws Exception {
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().put("PATH", path);
    pb.environment().put("LC_ALL", "C");
    if (stdin != null) {
      pb.redirectInput(stdin.toFile());
    } else {
      pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    }
    Process p = pb.start();
    CompletableFuture<String> out = slurp(p.getInputStream());
    CompletableFuture<String> err = slurp(p.getErrorStream());
    if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      p.waitFor(3, TimeUnit.SECONDS);
      fail(String.join(" ", cmd) + " did not finish in " + seconds + " s");
    }
    return new Res(p.exitValue(), out.get(5, TimeUnit.SECONDS), err.get(5, TimeUnit.SECONDS));
  }

  private static CompletableFuture<String> slurp(java.io.InputStream in) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
          } catch (IOException e) {
            return "";
          }
        },
        READERS);
  }
}
