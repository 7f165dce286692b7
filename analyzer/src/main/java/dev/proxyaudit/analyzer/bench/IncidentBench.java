package dev.proxyaudit.analyzer.bench;

import dev.proxyaudit.analyzer.cli.ExitCode;
import dev.proxyaudit.analyzer.config.PortNames;
import dev.proxyaudit.analyzer.correlate.UidServices;
import dev.proxyaudit.analyzer.index.EventIndex;
import dev.proxyaudit.analyzer.index.IngestOptions;
import dev.proxyaudit.analyzer.index.Ingester;
import dev.proxyaudit.analyzer.judge.Policy;
import dev.proxyaudit.analyzer.judge.WhoResult;
import dev.proxyaudit.analyzer.judge.WhoService;
import dev.proxyaudit.analyzer.query.GroupBy;
import dev.proxyaudit.analyzer.query.QueryIndex;
import dev.proxyaudit.analyzer.query.WhoQuery;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The incident the tool exists for, at scale: one user's spam run of N port-25 connections to N/20
 * mail servers over 30 days, beside the benchmark corpus's 3,000 ordinary users; then who --port 25
 * in this JVM (its heap is the launcher's) and as a CLI call in a 256 MB JVM.
 */
public final class IncidentBench {
  private static final DateTimeFormatter V2RAY = DateTimeFormatter.ofPattern("yyyy/MM/dd HH:mm:ss");
  private static final String SPAMMER = "mallory@example.com";

  private final Path work;
  private final long events;
  private final PrintWriter out;

  public IncidentBench(Path work, long events, PrintWriter out) {
    this.work = work;
    this.events = events;
    this.out = out;
  }

  public void run() throws Exception {
    Path dir = work.resolve("incident");
    Bench.deleteTree(dir);
    long destinations = Math.max(1, events / 20);
    Path spam = dir.resolve("logs/v2ray/access.log");
    Files.createDirectories(spam.getParent());
    long t0 = System.nanoTime();
    write(spam, destinations);
    List<Path> files =
        new ArrayList<>(CorpusGenerator.generate(dir.resolve("logs/other"), 1_000_000, 7L));
    files.add(spam);
    out.printf(
        "incident: %,d port-25 lines of %s to %,d servers over 30 days, plus 1,000,000 lines of"
            + " 3,000 other users; written in %.1f s%n",
        events, SPAMMER, destinations, Bench.secs(System.nanoTime() - t0));
    out.flush();
    Path index = dir.resolve("index");
    HeapSampler ingestHeap = HeapSampler.start();
    long t = System.nanoTime();
    try (EventIndex idx = EventIndex.open(index)) {
      IngestOptions o = IngestOptions.defaults().withZone(ZoneOffset.UTC).withYear(2026);
      new Ingester(idx, o).ingest(files);
    }
    double ingestSecs = Bench.secs(System.nanoTime() - t);
    long ingestPeak = ingestHeap.stop();

    WhoService who =
        new WhoService(
            Policy.defaults(),
            UidServices.of(Map.of("v2ray", 65534, "shadowsocks", 999)),
            ZoneOffset.UTC,
            PortNames.NONE);
    HeapSampler whoHeap = HeapSampler.start();
    t = System.nanoTime();
    WhoResult r;
    try (QueryIndex idx = QueryIndex.open(index)) {
      r = who.answer(idx, new WhoQuery(List.of(25), null, null, GroupBy.USER));
    }
    double whoMillis = (System.nanoTime() - t) / 1e6;
    long whoPeak = whoHeap.stop();
    WhoResult.Row row =
        r.rows().stream().filter(x -> SPAMMER.equals(x.user())).findFirst().orElseThrow();

    t = System.nanoTime();
    CliRun.Timed cli =
        new CliRun(work).run(CliRun.whoPort25(index, "csv"), ExitCode.FOUND, ExitCode.ABUSE);

    out.println();
    row("incident: ingest, lines/s", String.format("%,.0f", (events + 1_000_000) / ingestSecs));
    row("incident: peak heap during ingest, MB", mb(ingestPeak));
    row("incident: who --port 25 in-process, ms", String.format("%.0f", whoMillis));
    row("incident: peak heap during who, MB", mb(whoPeak));
    row("incident: connections counted for " + SPAMMER, String.format("%,d", row.connections()));
    row("incident: connections written", String.format("%,d", events));
    row(
        "incident: distinct destinations" + (row.destinationsApproximate() ? " (estimate)" : ""),
        String.format("%,d", row.destinations()));
    row("incident: rows (users and unknown clients)", String.format("%,d", r.rows().size()));
    row(
        "incident: who CLI in a 256 MB JVM, ms (exit " + cli.code() + ")",
        String.format("%.0f", cli.millis()));
    row("max heap of this JVM (-Xmx), MB", mb(Runtime.getRuntime().maxMemory()));
    out.flush();
  }

  private void write(Path file, long destinations) throws Exception {
    LocalDateTime start = LocalDateTime.of(2026, 11, 1, 0, 0);
    long spanMillis = 30L * 86_400_000;
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (long i = 0; i < events; i++) {
        // V2Ray 4.34 access line (sample-logs/v2ray-4.34/access.log form)
        w.write(V2RAY.format(start.plusSeconds(i * spanMillis / events / 1000)));
        w.write(" 198.51.100.66:");
        w.write(Long.toString(1024 + i % 60000));
        w.write(" accepted tcp:mx");
        w.write(Long.toString(i % destinations));
        w.write(".victim.example:25 [direct] email: ");
        w.write(SPAMMER);
        w.write('\n');
      }
    }
  }

  private void row(String name, String value) {
    out.printf("%-52s %18s%n", name, value);
  }

  private static String mb(long bytes) {
    return String.format("%.0f", bytes / 1048576.0);
  }
}
