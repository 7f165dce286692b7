package dev.proxyaudit.analyzer.bench;

import dev.proxyaudit.analyzer.cli.ExitCode;
import dev.proxyaudit.analyzer.fleet.BulkCeiling;
import dev.proxyaudit.analyzer.fleet.Cluster;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.store.FSDirectory;

/**
 * The fleet's figures against a running cluster: three nodes' corpora (a third of the lines each,
 * different seeds) ingested into three local indexes and shipped as vps-1..3, each ship timed as a
 * CLI call (with its kernel-status pass); OpenSearch's own bulk rate for node 1's documents beside
 * it; then {@code who --opensearch --port 25} across the three as a CLI call, the median of the
 * runs.
 */
public final class FleetBench {
  private static final int NODES = 3;

  private final Path work;
  private final long lines;
  private final int runs;
  private final Cluster cluster;
  private final PrintWriter out;

  public FleetBench(Path work, long lines, int runs, Cluster cluster, PrintWriter out) {
    this.work = work;
    this.lines = lines;
    this.runs = runs;
    this.cluster = cluster;
    this.out = out;
  }

  public void run() throws Exception {
    CliRun cli = new CliRun(work);
    double shipEvents = 0;
    double shipMillis = 0;
    long statusLines = 0;
    Path first = null;
    for (int i = 1; i <= NODES; i++) {
      Path index = work.resolve("node-" + i + "-index");
      List<String> ingest =
          new ArrayList<>(List.of("ingest", "--index", index.toString(), "--tz", "UTC"));
      for (Path f : CorpusGenerator.generate(work.resolve("node-" + i), lines / NODES, 1128L + i)) {
        ingest.add(f.toString());
      }
      cli.run(ingest, ExitCode.OK, ExitCode.INPUT_PROBLEMS); // the corpus has malformed lines
      long events = events(index);
      List<String> ship =
          new ArrayList<>(
              List.of(
                  "ship",
                  "--index",
                  index.toString(),
                  "--opensearch",
                  cluster.url(),
                  "--node",
                  "vps-" + i,
                  "--uid",
                  "v2ray=65534",
                  "--uid",
                  "shadowsocks=999"));
      CliRun.Timed t = cli.run(ship, ExitCode.OK);
      out.printf(
          "node vps-%d: %,d events shipped in %.1f s: %,.0f events/s%n",
          i, events, t.millis() / 1000, events / (t.millis() / 1000));
      out.flush();
      shipEvents += events;
      shipMillis += t.millis();
      if (first == null) {
        first = index;
      }
    }
    double ceiling;
    try (FSDirectory d = FSDirectory.open(first);
        DirectoryReader r = DirectoryReader.open(d)) {
      ceiling = BulkCeiling.eventsPerSecond(r, cluster);
    }
    List<String> who =
        List.of(
            "who",
            "--opensearch",
            cluster.url(),
            "--port",
            "25",
            "--tz",
            "UTC",
            "--output",
            "json");
    cli.run(who, ExitCode.OK, ExitCode.FOUND, ExitCode.ABUSE); // warms the cluster's caches once
    double[] whoMillis = new double[runs];
    for (int i = 0; i < runs; i++) {
      whoMillis[i] = cli.run(who, ExitCode.OK, ExitCode.FOUND, ExitCode.ABUSE).millis();
    }
    out.printf("%-52s %18s%n", "figure", "measured");
    out.printf(
        "%-52s %18s%n",
        "ship, events/s (3 nodes, one after another)",
        String.format("%,.0f", shipEvents / (shipMillis / 1000)));
    out.printf(
        "%-52s %18s%n",
        "OpenSearch's own bulk rate, same documents, events/s", String.format("%,.0f", ceiling));
    out.printf(
        "%-52s %18s%n",
        "who --opensearch --port 25, CLI, ms (median of " + runs + ")",
        String.format("%,.0f", Bench.median(whoMillis)));
    out.printf("%-52s %18s%n", "events in the cluster", String.format("%,.0f", shipEvents));
    out.flush();
  }

  private static long events(Path index) throws Exception {
    try (FSDirectory d = FSDirectory.open(index);
        DirectoryReader r = DirectoryReader.open(d)) {
      return r.numDocs();
    }
  }
}
