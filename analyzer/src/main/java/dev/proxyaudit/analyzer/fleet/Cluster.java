package dev.proxyaudit.analyzer.fleet;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.apache.http.Header;
import org.apache.http.HttpHost;
import org.apache.http.message.BasicHeader;
import org.opensearch.client.RestClient;
import org.opensearch.client.RestClientBuilder;

/**
 * How to reach the fleet's cluster: its URL, and when it asks for them, credentials (a file of mode
 * 0600 holding {@code user:password}, or an API key) and the CA that signed its certificate (a PEM
 * file). Credentials are sent as a header and never printed.
 *
 * @param url http(s)://host:port
 * @param authFile null for none
 * @param caFile null for the JVM's own trusted CAs
 */
public record Cluster(String url, Path authFile, Path caFile) {
  /** Raised for a credentials or CA file that cannot be used, naming the file and why. */
  public static final class ClusterConfigException extends Exception {
    ClusterConfigException(String message) {
      super(message);
    }
  }

  public static Cluster of(String url) {
    return new Cluster(url, null, null);
  }

  /** A client for the cluster; the caller closes it. */
  RestClient client() throws ClusterConfigException {
    RestClientBuilder b = RestClient.builder(HttpHost.create(url));
    if (authFile != null) {
      b.setDefaultHeaders(new Header[] {authorization(authFile)});
    }
    if (caFile != null) {
      SSLContext ssl = trusting(caFile);
      b.setHttpClientConfigCallback(h -> h.setSSLContext(ssl));
    }
    return b.build();
  }

  /**
   * The Authorization header the file asks for: Basic for {@code user:password}, ApiKey for a key
   * alone. The file must be readable by its owner only (as ssh asks of a private key).
   */
  static Header authorization(Path file) throws ClusterConfigException {
    String text;
    try {
      Set<PosixFilePermission> mode =
          Files.getPosixFilePermissions(file, LinkOption.NOFOLLOW_LINKS);
      for (PosixFilePermission p : mode) {
        if (p.name().startsWith("GROUP_") || p.name().startsWith("OTHERS_")) {
          throw new ClusterConfigException(
              file + ": readable by others (mode must be 0600 or 0400: chmod 600 " + file + ")");
        }
      }
      text = Files.readString(file, StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new ClusterConfigException(file + ": cannot read: " + e.getMessage());
    }
    if (text.isEmpty() || text.contains("\n")) {
      throw new ClusterConfigException(
          file + ": line 1: one line expected: user:password or an API key");
    }
    if (text.contains(":")) {
      String basic = Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
      return new BasicHeader("Authorization", "Basic " + basic);
    }
    if (!text.matches("[A-Za-z0-9+/=_-]+")) {
      throw new ClusterConfigException(file + ": line 1: not an API key (base64 expected)");
    }
    return new BasicHeader("Authorization", "ApiKey " + text);
  }

  /** TLS that trusts the certificates of {@code pem} (and no other CA). */
  static SSLContext trusting(Path pem) throws ClusterConfigException {
    try (InputStream in = Files.newInputStream(pem)) {
      List<? extends Certificate> certs =
          List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
      if (certs.isEmpty()) {
        throw new ClusterConfigException(pem + ": no PEM certificate in it");
      }
      KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
      ks.load(null, null);
      for (int i = 0; i < certs.size(); i++) {
        ks.setCertificateEntry("ca" + i, certs.get(i));
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(ks);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, tmf.getTrustManagers(), null);
      return ctx;
    } catch (IOException e) {
      throw new ClusterConfigException(pem + ": cannot read: " + e.getMessage());
    } catch (GeneralSecurityException e) {
      throw new ClusterConfigException(pem + ": not a PEM certificate: " + e.getMessage());
    }
  }
}
