package dev.proxyaudit.analyzer.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A self-signed certificate for a TLS front in a test (openssl, two days). */
public final class SelfSigned {
  private SelfSigned() {}

  /**
   * Writes {@code dir/key.pem} and {@code dir/cert.pem} for {@code name} ({@code altNames}: the
   * subjectAltName value, or none); returns the certificate's path.
   */
  public static Path certificate(Path dir, String name, String... altNames) throws Exception {
    Path cert = dir.resolve("cert.pem");
    List<String> cmd =
        new ArrayList<>(
            List.of(
                "openssl",
                "req",
                "-x509",
                "-newkey",
                "rsa:2048",
                "-nodes",
                "-keyout",
                dir.resolve("key.pem").toString(),
                "-out",
                cert.toString(),
                "-days",
                "2",
                "-subj",
                "/CN=" + name));
    if (altNames.length > 0) {
      cmd.addAll(List.of("-addext", "subjectAltName=" + String.join(",", altNames)));
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), "openssl req did not end");
    assertEquals(0, p.exitValue(), "openssl req: " + out);
    return cert;
  }
}
