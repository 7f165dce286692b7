package dev.proxyaudit.analyzer.nightly;

import dev.proxyaudit.analyzer.config.PortNames;
import dev.proxyaudit.analyzer.correlate.UidDiscovery;
import dev.proxyaudit.analyzer.correlate.UidServices;
import dev.proxyaudit.analyzer.fleet.Cluster;
import dev.proxyaudit.analyzer.fleet.Shipper;
import dev.proxyaudit.analyzer.index.EventIndex;
import dev.proxyaudit.analyzer.index.EventSchema;
import dev.proxyaudit.analyzer.index.FileReport;
import dev.proxyaudit.analyzer.index.IngestOptions;
import dev.proxyaudit.analyzer.index.Ingester;
import dev.proxyaudit.analyzer.judge.Offenders;
import dev.proxyaudit.analyzer.judge.Policy;
import dev.proxyaudit.analyzer.judge.RowKey;
import dev.proxyaudit.analyzer.judge.Verdict;
import dev.proxyaudit.analyzer.judge.WhoResult;
import dev.proxyaudit.analyzer.judge.WhoService;
import dev.proxyaudit.analyzer.parse.IoErrors;
import dev.proxyaudit.analyzer.parse.JournalReader;
import dev.proxyaudit.analyzer.query.GroupBy;
import dev.proxyaudit.analyzer.query.QueryIndex;
import dev.proxyaudit.analyzer.query.WhoQuery;
import dev.proxyaudit.analyzer.report.HourlyCounts;
import dev.proxyaudit.analyzer.report.HtmlReport;
import dev.proxyaudit.analyzer.report.OutputFormat;
import dev.proxyaudit.analyzer.report.Times;
import dev.proxyaudit.analyzer.report.WhoReport;
import dev.proxyaudit.rules.BlockPlan;
import dev.proxyaudit.rules.Cidr;
import dev.proxyaudit.rules.Offender;
import dev.proxyaudit.rules.RenderedRules;
import dev.proxyaudit.rules.RuleChecker;
import dev.proxyaudit.rules.RuleFiles;
import dev.proxyaudit.rules.RuleOutput;
import dev.proxyaudit.rules.RuleWriter;
import dev.proxyaudit.rules.RuleWriters;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.lucene.document.IntField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;

/**
 * One nightly run: ingest what the sources gained, apply retention, judge every event not judged
 * before, and when something was judged abuse write the report and the rules and say so briefly.
 * Nothing is printed when the sources were read and nothing was found.
 */
public final class NightlyJob {
  /** Events of index sessions up to this one have been judged, kept in the index's commit. */
  static final String JUDGED_SESSION = "nightly.judged_session";

  /** Before sessions: events before this time (epoch ms) had been judged. */
  static final String JUDGED_UNTIL = "nightly.judged_until";

  private static final DateTimeFormatter FILE_STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

  private final NightlyConfig config;
  private final Clock clock;

  public NightlyJob(NightlyConfig config, Clock clock) {
    this.config = config;
    this.clock = clock;
  }

  /**
   * What happened, for the exit code.
   *
   * @param abuse someone was judged abuse
   * @param inputProblems some files or lines could not be read
   * @param nothingRead the sources matched no file, or gave no event for stale_after_days
   */
  public record Outcome(
      boolean abuse, boolean inputProblems, boolean nothingRead, boolean notShipped) {}

  public Outcome run(PrintWriter out, PrintWriter err)
      throws IOException,
          EventIndex.IndexException,
          Policy.PolicyException,
          PortNames.InvalidFileException,
          RunLock.HeldException {
    Policy policy = config.policy() == null ? Policy.defaults() : Policy.load(config.policy());
    PortNames names = config.users() == null ? PortNames.NONE : PortNames.read(config.users());
    Path index = config.index();
    try (RunLock lock =
        RunLock.acquire(index.resolveSibling(index.getFileName() + ".nightly.lock"))) {
      privateDirectory(index);
      Instant now = clock.instant();
      Sources.Expanded sources = Sources.expand(config.sources());
      try (EventIndex idx = EventIndex.open(index)) {
        IngestOptions options =
            IngestOptions.defaults()
                .withZone(config.zone())
                .withCommitEveryLines(config.commitEveryLines());
        Ingester ingester = new Ingester(idx, options);
        Ingester.Result ingested = ingester.ingest(sources.paths());
        ingested = withJournal(ingested, ingester, idx);
        retention(idx, policy, now);
        Freshness.Verdict fresh =
            Freshness.check(
                idx,
                now,
                sources.paths().size() + config.journal().size(),
                ingested.events(),
                config.staleAfterDays(),
                t -> Times.iso(t, config.zone()));
        // the events are durable before judging: a crash while judging judges them next run
        idx.commit();
        if (config.reportDir() != null && config.evidenceRetentionDays() > 0) {
          ReportRetention.prune(
              config.reportDir(),
              FILE_STAMP,
              config.zone(),
              now.minus(Duration.ofDays(config.evidenceRetentionDays())));
        }
        boolean problems = printProblems(ingested, sources.problems(), err);
        if (fresh.print()) {
          err.println("audit nightly: " + fresh.message());
          err.flush();
        }
        // one service for judging and shipping: finding the proxies' uids reads /proc
        WhoService who = new WhoService(policy, uids(), config.zone(), names);
        boolean abuse = judgeNew(idx, who, policy, out, err);
        return new Outcome(abuse, problems, fresh.stale(), !ship(idx, who, err));
      }
    }
  }

  /**
   * Ships the new events when the config names a cluster (after judging: the local answer never
   * waits for the fleet); false when they could not be shipped (said on stderr).
   */
  private boolean ship(EventIndex idx, WhoService who, PrintWriter err) throws IOException {
    if (config.opensearch() == null) {
      return true;
    }
    String node = config.node() != null ? config.node() : Shipper.hostName();
    try (Shipper s = new Shipper(config.cluster(), 250)) {
      s.ship(idx, node, who);
      if (config.opensearchRetentionDays() > 0) {
        LocalDate today = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
        s.deleteDailyIndicesBefore(today.minusDays(config.opensearchRetentionDays()));
      }
      return true;
    } catch (Shipper.ShipException | Cluster.ClusterConfigException e) {
      err.println("audit nightly: not shipped to " + config.opensearch() + ": " + e.getMessage());
      err.flush();
      return false;
    }
  }

  /** State key of one journal source's cursor, committed with its events. */
  static String cursorKey(String source) {
    return "journal.cursor." + source;
  }

  /** Reads each configured journal source after its cursor; a failure is reported, not fatal. */
  private Ingester.Result withJournal(Ingester.Result files, Ingester ingester, EventIndex idx)
      throws IOException {
    if (config.journal().isEmpty()) {
      return files;
    }
    List<FileReport> reports = new ArrayList<>(files.files());
    List<String> problems = new ArrayList<>(files.problems());
    for (String source : config.journal()) {
      String key = cursorKey(source);
      List<String> cmd = JournalReader.command(source, config.journalDirectory(), idx.state(key));
      JournalReader opened;
      try {
        opened = JournalReader.open(cmd, config.zone());
      } catch (IOException e) {
        problems.add("journal:" + source + ": cannot run journalctl: " + IoErrors.reason(e));
        continue;
      }
      // an index failure while reading is not journalctl's: it goes up as for files
      try (JournalReader j = opened) {
        FileReport r =
            ingester.ingestTokened(
                "journal:" + source,
                key,
                new Ingester.TokenedLines() {
                  @Override
                  public boolean next() throws IOException {
                    return j.next();
                  }

                  @Override
                  public String text() {
                    return j.text();
                  }

                  @Override
                  public String token() {
                    return j.cursor();
                  }
                });
        String failed = j.finish();
        reports.add(failed == null ? r : r.withProblem(failed));
      }
    }
    return new Ingester.Result(reports, problems);
  }

  private void retention(EventIndex idx, Policy policy, Instant now) throws IOException {
    int[] ports = policy.allPorts().stream().mapToInt(Integer::intValue).toArray();
    Query watched = IntField.newSetQuery(EventSchema.DESTINATION_PORT, ports);
    if (config.retentionDays() > 0) {
      BooleanQuery.Builder other = new BooleanQuery.Builder();
      other.add(new MatchAllDocsQuery(), BooleanClause.Occur.FILTER);
      other.add(watched, BooleanClause.Occur.MUST_NOT);
      idx.deleteOlderThan(
          now.minus(Duration.ofDays(config.retentionDays())).toEpochMilli(), other.build());
    }
    if (config.evidenceRetentionDays() > 0) {
      idx.deleteOlderThan(
          now.minus(Duration.ofDays(config.evidenceRetentionDays())).toEpochMilli(), watched);
    }
  }

  /** This run's new problems only: a file or line reported once, not every night. */
  private static boolean printProblems(
      Ingester.Result r, List<String> sourceProblems, PrintWriter err) {
    boolean any = !sourceProblems.isEmpty();
    sourceProblems.forEach(err::println);
    if (r.hasProblems()) {
      any = true;
      dev.proxyaudit.analyzer.report.IngestReport.problems(r, err);
    }
    err.flush();
    return any;
  }

  /**
   * Judges every watched event added since the index session the last run judged (the first run:
   * the whole index), then records this session as judged with the index's next commit. Sessions,
   * not times: logs of an incident before the tool was installed, an old rotated log ingested
   * later, or a source added to the config, are judged whatever their dates.
   */
  private boolean judgeNew(
      EventIndex idx, WhoService service, Policy policy, PrintWriter out, PrintWriter err)
      throws IOException {
    String judged = idx.state(JUDGED_SESSION);
    // an index judged before sessions existed: its events (which carry none) count as judged
    long after = judged != null ? Long.parseLong(judged) : idx.state(JUDGED_UNTIL) != null ? 0 : -1;
    WhoQuery q = new WhoQuery(policy.allPorts(), null, null, GroupBy.USER, after);
    boolean abuse;
    try (DirectoryReader reader = idx.openReader()) {
      QueryIndex index = QueryIndex.over(reader);
      WhoResult result = service.answer(index, q);
      Instant[] span = span(result);
      abuse =
          span != null
              && report(service, index, result, policy, span[0], span[1].plusMillis(1), out, err);
    }
    // after the report and rules: a crash before this commit judges the same events again
    idx.setState(JUDGED_SESSION, Long.toString(idx.session()));
    idx.removeState(JUDGED_UNTIL);
    idx.commit();
    return abuse;
  }

  /** The oldest and newest time of the answer's lines and packets, or null when none has one. */
  private static Instant[] span(WhoResult r) {
    Instant min = null;
    Instant max = null;
    List<Instant[]> all = new ArrayList<>();
    r.rows().forEach(x -> all.add(new Instant[] {x.firstSeen(), x.lastSeen()}));
    r.kernel().forEach(x -> all.add(new Instant[] {x.firstSeen(), x.lastSeen()}));
    for (Instant[] p : all) {
      if (p[0] != null && (min == null || p[0].isBefore(min))) {
        min = p[0];
      }
      if (p[1] != null && (max == null || p[1].isAfter(max))) {
        max = p[1];
      }
    }
    return min == null ? null : new Instant[] {min, max};
  }

  /** Prints, and writes the report and rules for, the users judged abuse; true if any. */
  private boolean report(
      WhoService service,
      QueryIndex index,
      WhoResult result,
      Policy policy,
      Instant since,
      Instant until,
      PrintWriter out,
      PrintWriter err)
      throws IOException {
    List<Offender> offenders = Offenders.of(result);
    if (offenders.isEmpty()) {
      return false;
    }
    List<WhoResult.Row> abusive =
        result.rows().stream().filter(r -> r.verdict() == Verdict.ABUSE).toList();
    String stamp = FILE_STAMP.format(clock.instant().atZone(config.zone()));
    Path html = null;
    Path json = null;
    if (config.reportDir() != null) {
      privateDirectory(config.reportDir());
      json = write(config.reportDir(), "report-" + stamp + ".json", json(result));
      // one section per watched port: a reading per port, counting its abusive rows' lines per
      // hour as it goes (memory stays that of one answer)
      List<HtmlReport.PortSection> sections = new ArrayList<>();
      WhoQuery all = result.query();
      Set<RowKey> keys = abusive.stream().map(WhoResult.Row::key).collect(Collectors.toSet());
      for (int port : all.ports()) {
        WhoQuery q =
            new WhoQuery(List.of(port), all.since(), all.until(), all.by(), all.afterSession());
        HourlyCounts hourly = new HourlyCounts(keys);
        WhoResult one = service.answer(index, q, hourly);
        Map<WhoResult.Row, HourlyCounts.Series> series = new LinkedHashMap<>();
        for (WhoResult.Row r : one.rows()) {
          if (keys.contains(r.key())) {
            series.put(r, hourly.of(r.key()));
          }
        }
        sections.add(new HtmlReport.PortSection(port, one, series));
      }
      html =
          write(
              config.reportDir(),
              "report-" + stamp + ".html",
              new HtmlReport(config.zone()).render(result, sections, since, until));
    }
    out.println(
        "proxy-audit: "
            + offenders.size()
            + (offenders.size() == 1 ? " user" : " users")
            + " judged abuse between "
            + Times.iso(since, config.zone())
            + " and "
            + Times.iso(until, config.zone()));
    for (WhoResult.Row r : abusive) {
      out.println(
          dev.proxyaudit.rules.SafeText.printable(
              "  "
                  + r.service().id()
                  + " "
                  + (r.user() == null ? "unknown user" : r.user())
                  + " from "
                  + (r.clients().isEmpty() ? "(client not logged)" : String.join(", ", r.clients()))
                  + ": "
                  + r.connections()
                  + " connections ("
                  + r.confirmed()
                  + " confirmed by the kernel log, "
                  + r.blocked()
                  + " blocked), "
                  + (r.destinationsApproximate() ? "~" : "")
                  + r.destinations()
                  + " destinations; "
                  + String.join("; ", r.reasons())));
    }
    if (html != null) {
      out.println("Report: " + html + " (and " + json.getFileName() + ")");
    }
    if (config.rulesDir() != null) {
      writeRules(offenders, policy, clock.instant(), out, err);
    }
    out.println("Evidence: audit explain USER --index " + config.index());
    out.flush();
    return true;
  }

  private String json(WhoResult r) throws IOException {
    StringWriter s = new StringWriter();
    new WhoReport(config.zone()).print(r, OutputFormat.JSON, new PrintWriter(s));
    return s.toString();
  }

  private static Path write(Path dir, String name, String content) throws IOException {
    RuleFiles.write(dir, name, content, false);
    return dir.resolve(name);
  }

  private void writeRules(
      List<Offender> offenders, Policy policy, Instant now, PrintWriter out, PrintWriter err)
      throws IOException {
    BlockPlan plan =
        new BlockPlan(
            now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS),
            "audit nightly",
            policy.watchPorts(),
            config.rulesAllowUids(),
            List.of(),
            offenders,
            List.of(),
            config.rulesNeverBlock().stream().map(Cidr::parse).toList(),
            config.rulesDir().toAbsolutePath().normalize().toString(),
            BlockPlan.Scope.EVERYONE);
    privateDirectory(config.rulesDir());
    List<RuleWriter> writers = new ArrayList<>();
    for (String t : config.rulesTargets()) {
      RuleWriter w = RuleWriters.of(t);
      if (w != null) {
        writers.add(w);
      }
    }
    List<String> done = new ArrayList<>();
    for (RuleOutput.Result r :
        RuleOutput.write(
            RenderedRules.render(writers, plan, RuleChecker.system()), config.rulesDir(), false)) {
      String name = r.path().getFileName().toString();
      switch (r.outcome()) {
        case WRITTEN -> done.add(name + " written");
        case UNCHANGED, DIFFERS -> done.add(name + " unchanged");
        case FAILED_CHECK -> err.println("audit: " + r.path() + ": not written: " + r.why());
        case FAILED_IO ->
            err.println("audit: " + r.path() + ": not written: " + IoErrors.reason(r.error()));
      }
    }
    out.println(
        "Rules: "
            + config.rulesDir()
            + ": "
            + String.join(", ", done)
            + " (not loaded: read them, then load)");
  }

  /** Created readable by its owner only: reports and the index hold personal data. */
  private static void privateDirectory(Path dir) throws IOException {
    RuleFiles.createPrivateDirectories(dir);
  }

  private UidServices uids() {
    if (config.uids().isEmpty()) {
      return UidDiscovery.discover(Path.of("/proc"), Path.of("/etc/passwd"));
    }
    return UidServices.of(config.uids());
  }
}
