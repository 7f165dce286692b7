package dev.proxyaudit.analyzer.doctor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The live reader on a copy of Debian 12's files laid out as on the host. */
class DoctorHostReaderTest {
  static final Path DEB = Path.of("src/test/resources/doctor/debian12");

  @TempDir Path root;

  private void lay(String from, String to) throws IOException {
    Path dest = root.resolve(to);
    Files.createDirectories(dest.getParent());
    Files.copy(DEB.resolve(from), dest);
  }

  private HostState read() throws IOException {
    lay("v2ray-config.json", "etc/v2ray/config.json");
    lay("v2ray.service", "lib/systemd/system/v2ray.service");
    lay("shadowsocks-libev.service", "lib/systemd/system/shadowsocks-libev.service");
    lay(
        "shadowsocks-libev-server@.service",
        "lib/systemd/system/shadowsocks-libev-server@.service");
    lay("shadowsocks-libev/config.json", "etc/shadowsocks-libev/config.json");
    lay("logrotate.d/rsyslog", "etc/logrotate.d/rsyslog");
    CommandRunner none = c -> new CommandRunner.Output(null, "not installed (" + c.get(0) + ")");
    return new HostReader(root, none).live();
  }

  /** A config that is not text is "not checked" with why, not Java's "Input length = 1". */
  @Test
  void binaryConfigIsNotCheckedSayingWhy() throws IOException {
    Path conf = root.resolve("etc/v2ray/config.json");
    Files.createDirectories(conf.getParent());
    Files.write(conf, new byte[] {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10});
    CommandRunner none = c -> new CommandRunner.Output(null, "not installed (" + c.get(0) + ")");
    HostState host = new HostReader(root, none).live();
    assertTrue(
        host.notChecked()
            .contains("/etc/v2ray/config.json: not checked, not a text file (not UTF-8)"),
        host.notChecked().toString());
  }

  /** An (empty) /var/log/syslog, as rsyslog keeps it. */
  private void syslog() throws IOException {
    Files.createDirectories(root.resolve("var/log"));
    Files.writeString(root.resolve("var/log/syslog"), "");
  }

  /**
   * The lab's V2Ray config logs to /var/tmp/pa-lab/v2ray/access.log, which the built-in nightly
   * sources do not read; an operator's nightly.conf that lists it, and no syslog file, are read
   * from the host too.
   */
  @Test
  void nightlySourcesAgainstTheProxiesLogsAndSyslog() throws IOException {
    syslog();
    Path conf = root.resolve("etc/v2ray/config.json");
    Files.createDirectories(conf.getParent());
    Files.copy(Path.of("src/test/resources/doctor/lab/v2ray-server.json"), conf);
    CommandRunner none = c -> new CommandRunner.Output(null, "not installed (" + c.get(0) + ")");
    List<Finding> found = Doctor.examine(new HostReader(root, none).live());
    Finding missed =
        found.stream()
            .filter(f -> f.id().equals(NightlySourcesCheck.ID_MISSED))
            .findFirst()
            .orElseThrow(() -> new AssertionError(found.toString()));
    assertEquals("(built-in nightly sources)", missed.file());
    assertTrue(
        missed.problem().startsWith("the V2Ray/Xray access log /var/tmp/pa-lab/v2ray/access.log"));
    assertTrue(
        missed
            .fix()
            .startsWith("audit nightly --print-default-config > /etc/proxy-audit/nightly.conf"));

    Path nightly = root.resolve("etc/proxy-audit/nightly.conf");
    Files.createDirectories(nightly.getParent());
    Files.writeString(nightly, "# mine\nsources = /var/tmp/pa-lab/v2ray/access.log*\n");
    HostState host = new HostReader(root, none).live();
    assertEquals("/etc/proxy-audit/nightly.conf:2", host.nightly().orElseThrow().where());
    List<Finding> now = Doctor.examine(host);
    Finding sys =
        now.stream()
            .filter(f -> f.id().equals(NightlySourcesCheck.ID_MISSED))
            .findFirst()
            .orElseThrow(() -> new AssertionError(now.toString()));
    assertTrue(sys.problem().startsWith("/var/log/syslog "), sys.problem());
    assertEquals("/etc/proxy-audit/nightly.conf:2", sys.where());

    Files.delete(root.resolve("var/log/syslog"));
    assertTrue(
        ids(new HostReader(root, none).live()).contains(NightlySourcesCheck.ID_NO_SYSLOG),
        "no syslog file at all");

    // nightly reads the kernel's lines from the journal instead: nothing to fix
    Files.writeString(
        nightly,
        "sources = /var/tmp/pa-lab/v2ray/access.log*\njournal = kernel, shadowsocks-libev\n");
    TreeSet<String> withJournal = ids(new HostReader(root, none).live());
    assertTrue(!withJournal.contains(NightlySourcesCheck.ID_NO_SYSLOG), withJournal.toString());
    assertTrue(!withJournal.contains(NightlySourcesCheck.ID_MISSED), withJournal.toString());
  }

  private static TreeSet<String> ids(HostState host) {
    TreeSet<String> out = new TreeSet<>();
    Doctor.examine(host).forEach(f -> out.add(f.id()));
    return out;
  }

  @Test
  void debianAsInstalled() throws IOException {
    lay("default-shadowsocks-libev", "etc/default/shadowsocks-libev");
    HostState host = read();
    assertEquals(3, host.units().size(), "no xray.service on Debian 12");
    assertEquals(
        new TreeSet<>(
            List.of(
                "v2ray-access-log-off",
                "v2ray-client-without-email",
                "shadowsocks-not-verbose",
                // Debian 12 installs no rsyslog (bookworm release notes, "Changes to system
                // logging"): kernel and ss-server lines stay in the journal
                "no-syslog-file")),
        ids(host));
    Finding ss =
        Doctor.examine(host).stream()
            .filter(f -> f.id().equals(ShadowsocksCheck.ID_NO_VERBOSE))
            .findFirst()
            .orElseThrow();
    assertEquals("/lib/systemd/system/shadowsocks-libev.service:24", ss.file());
    assertTrue(ss.fix().startsWith("sed -i 's/^DAEMON_ARGS=.*/DAEMON_ARGS=\"-v\"/'"), ss.fix());
    assertEquals(3, host.notChecked().size(), host.notChecked().toString());
    assertTrue(host.notChecked().get(0).startsWith("iptables-save: not checked, not installed"));
  }

  @Test
  void verboseThroughDaemonArgsAndAnOverride() throws IOException {
    Path env = root.resolve("etc/default/shadowsocks-libev");
    Files.createDirectories(env.getParent());
    Files.writeString(
        env,
        Files.readString(DEB.resolve("default-shadowsocks-libev"))
            .replace("DAEMON_ARGS=\n", "DAEMON_ARGS=\"-v\"\n"));
    Path dropIn = root.resolve("etc/systemd/system/v2ray.service.d/logs.conf");
    Files.createDirectories(dropIn.getParent());
    Files.writeString(dropIn, "[Service]\nLogsDirectory=v2ray\n");
    syslog();
    HostState host = read();
    assertEquals(2, host.units().get(0).parts().size(), "v2ray.service and its drop-in");
    assertEquals(
        new TreeSet<>(List.of("v2ray-access-log-off", "v2ray-client-without-email")), ids(host));
  }
}
