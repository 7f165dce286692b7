package dev.proxyaudit.analyzer.cli;

import dev.proxyaudit.analyzer.fleet.Cluster;
import dev.proxyaudit.analyzer.fleet.Shipper;
import java.nio.file.Path;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** The fleet's cluster: {@code --opensearch URL} and how to log in to it. */
final class ClusterOptions {
  @Option(
      names = "--opensearch",
      paramLabel = "URL",
      description = "The fleet's OpenSearch cluster, e.g. http://127.0.0.1:9200.")
  String url;

  @Option(
      names = "--opensearch-auth-file",
      paramLabel = "FILE",
      description =
          "A file of mode 0600 holding user:password or an API key for the cluster (never"
              + " printed).")
  Path authFile;

  @Option(
      names = "--opensearch-ca-file",
      paramLabel = "FILE",
      description = "The PEM file of the CA that signed the cluster's certificate (https).")
  Path caFile;

  /** True when --opensearch was given. */
  boolean given() {
    return url != null;
  }

  /** True when any of these options was given: the question goes to the fleet. */
  boolean asked() {
    return url != null || authFile != null || caFile != null;
  }

  /** The cluster, its URL checked; the files are checked when a client is made. */
  Cluster cluster(CommandLine cmd) {
    if (url == null) {
      throw new CommandLine.ParameterException(cmd, "--opensearch-*-file needs --opensearch");
    }
    if (!Shipper.validUrl(url)) {
      throw new CommandLine.ParameterException(cmd, "--opensearch: not an http(s) URL: " + url);
    }
    return new Cluster(url, authFile, caFile);
  }
}
