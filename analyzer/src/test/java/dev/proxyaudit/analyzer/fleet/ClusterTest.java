package dev.proxyaudit.analyzer.fleet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cluster's credentials and CA files: what is sent, and what is refused with its reason. */
class ClusterTest {
  @TempDir Path tmp;

  private Path secret(String name, String text, String mode) throws Exception {
    Path f = tmp.resolve(name);
    Files.writeString(f, text);
    Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(mode));
    return f;
  }

  @Test
  void userAndPasswordIsBasicAKeyAloneIsApiKey() throws Exception {
    Path basic = secret("basic", "fleet:pa ss:word\n", "rw-------");
    assertEquals(
        "Basic " + Base64.getEncoder().encodeToString("fleet:pa ss:word".getBytes()),
        Cluster.authorization(basic).getValue());
    Path key =
        secret("key", "VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==", "r--------");
    assertEquals(
        "ApiKey VnVhQ2ZHY0JDZGJrUW0tZTVhT3g6dWkybHAyYXhUTm1zeWFrdzl0dk5udw==",
        Cluster.authorization(key).getValue());
  }

  @Test
  void aFileOthersCanReadOrOfTwoLinesIsRefusedByName() throws Exception {
    Path open = secret("open", "fleet:secret\n", "rw-r-----");
    var e = assertThrows(Cluster.ClusterConfigException.class, () -> Cluster.authorization(open));
    assertTrue(e.getMessage().startsWith(open + ": readable by others"), e.getMessage());
    assertTrue(!e.getMessage().contains("secret"), "the password is never in a message");
    Path two = secret("two", "fleet:secret\nother:line\n", "rw-------");
    e = assertThrows(Cluster.ClusterConfigException.class, () -> Cluster.authorization(two));
    assertEquals(two + ": line 1: one line expected: user:password or an API key", e.getMessage());
    Path junk = secret("junk", "not a key!", "rw-------");
    e = assertThrows(Cluster.ClusterConfigException.class, () -> Cluster.authorization(junk));
    assertEquals(junk + ": line 1: not an API key (base64 expected)", e.getMessage());
  }

  @Test
  void aCaFileWithoutACertificateIsRefused() throws Exception {
    Path pem = tmp.resolve("ca.pem");
    Files.writeString(
        pem, "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydA==\n-----END CERTIFICATE-----\n");
    var e = assertThrows(Cluster.ClusterConfigException.class, () -> Cluster.trusting(pem));
    assertTrue(e.getMessage().startsWith(pem + ": "), e.getMessage());
    Path missing = tmp.resolve("none.pem");
    e = assertThrows(Cluster.ClusterConfigException.class, () -> Cluster.trusting(missing));
    assertTrue(e.getMessage().startsWith(missing + ": cannot read"), e.getMessage());
  }
}
