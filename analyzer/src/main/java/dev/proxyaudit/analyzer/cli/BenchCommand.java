package dev.proxyaudit.analyzer.cli;

import dev.proxyaudit.analyzer.bench.Bench;
import dev.proxyaudit.analyzer.bench.IncidentBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code audit bench}: generate a corpus and measure parse, ingest and who. */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Generates a deterministic corpus in the real formats and measures, as the median of"
          + " --runs runs: parse-only and ingest lines/s, a Lucene-only ceiling, index bytes per"
          + " event, 'who --port 25' warm in-process and as a CLI call, the same question by"
          + " grep | awk | sort | uniq -c, and the peak heap. Needs disk for about 3x the corpus."
    })
final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--lines",
      paramLabel = "N",
      defaultValue = "10000000",
      description = "Corpus lines, 1000 or more (default: 10 million).")
  long lines;

  @Option(
      names = "--runs",
      paramLabel = "N",
      defaultValue = "3",
      description = "Runs per figure (default: 3).")
  int runs;

  @Option(
      names = "--incident",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Instead: one user's spam run of N port-25 connections to N/20 servers beside 3,000"
              + " other users, then who --port 25 (time, peak heap, exact count), e.g. 20000000.")
  long incident;

  @Option(
      names = "--opensearch",
      paramLabel = "URL",
      description =
          "Instead: the fleet's figures against this cluster: three nodes of --lines/3 lines each"
              + " shipped (events/s, beside OpenSearch's own bulk rate), then who --opensearch"
              + " --port 25 as a CLI call. Leaves their events in the cluster.")
  String opensearch;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      description = "Work folder (default: a new one under /var/tmp; kept).")
  Path dir;

  @Override
  public Integer call() throws Exception {
    CommandLine cmd = spec.commandLine();
    if (lines < 1000) {
      throw new CommandLine.ParameterException(
          cmd, "--lines: not a corpus size (1000 or more): '" + lines + "'");
    }
    if (incident < 0) {
      throw new CommandLine.ParameterException(
          cmd, "--incident: not a number of connections (1 or more): '" + incident + "'");
    }
    if (runs < 1) {
      throw new CommandLine.ParameterException(
          cmd, "--runs: not a number of runs (1 or more): '" + runs + "'");
    }
    Folders.check(cmd, "--dir", dir);
    Path work =
        dir != null ? dir : Files.createTempDirectory(Path.of("/var/tmp"), "proxy-audit-bench");
    Files.createDirectories(work);
    if (opensearch != null) {
      if (!dev.proxyaudit.analyzer.fleet.Shipper.validUrl(opensearch)) {
        throw new CommandLine.ParameterException(
            cmd, "--opensearch: not an http(s) URL: " + opensearch);
      }
      new dev.proxyaudit.analyzer.bench.FleetBench(
              work, lines, runs, dev.proxyaudit.analyzer.fleet.Cluster.of(opensearch), cmd.getOut())
          .run();
    } else if (incident > 0) {
      new IncidentBench(work, incident, cmd.getOut()).run();
    } else {
      new Bench(work, lines, runs, cmd.getOut()).run();
    }
    cmd.getOut().println("work folder (delete when done): " + work);
    return ExitCode.OK.code();
  }
}
