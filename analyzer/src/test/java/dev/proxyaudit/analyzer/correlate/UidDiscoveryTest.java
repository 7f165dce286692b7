package dev.proxyaudit.analyzer.correlate;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.proxyaudit.analyzer.event.Service;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UidDiscoveryTest {
  @TempDir Path tmp;

  private void process(String pid, String comm, String uidLine) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("proc").resolve(pid));
    Files.writeString(dir.resolve("comm"), comm + "\n");
    // the real layout of /proc/PID/status (Linux 6.x): real, effective, saved, fs uid
    Files.writeString(
        dir.resolve("status"), "Name:\t" + comm + "\nUmask:\t0022\n" + uidLine + "\n");
  }

  @Test
  void runningProxiesAndTheirAccounts() throws Exception {
    process("812", "v2ray", "Uid:\t65534\t65534\t65534\t65534");
    process("901", "ss-server", "Uid:\t999\t999\t999\t999");
    process("77", "sshd", "Uid:\t0\t0\t0\t0");
    Files.createDirectories(tmp.resolve("proc/self")); // not a pid: ignored
    Path passwd = tmp.resolve("passwd");
    Files.writeString(
        passwd,
        "root:x:0:0:root:/root:/bin/bash\n"
            + "xray:x:996:996::/nonexistent:/usr/sbin/nologin\n"
            + "broken line\n");
    UidServices u = UidDiscovery.discover(tmp.resolve("proc"), passwd);
    assertEquals(Map.of(65534, "v2ray", 999, "shadowsocks", 996, "v2ray"), u.sorted());
  }

  @Test
  void twoProxiesUnderOneUidCannotBeToldApart() throws Exception {
    process("812", "v2ray", "Uid:\t65534\t65534\t65534\t65534");
    process("901", "ss-server", "Uid:\t65534\t65534\t65534\t65534");
    UidServices u = UidDiscovery.discover(tmp.resolve("proc"), tmp.resolve("no-passwd"));
    assertEquals("shadowsocks+v2ray", u.service(65534));
    assertEquals(true, u.allows(65534, Service.V2RAY));
    assertEquals(true, u.allows(65534, Service.SHADOWSOCKS));
    assertEquals(false, u.allows(0, Service.V2RAY));
  }
}
