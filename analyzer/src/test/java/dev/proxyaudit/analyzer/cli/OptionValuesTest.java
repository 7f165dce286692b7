package dev.proxyaudit.analyzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxyaudit.analyzer.testing.Cli.Run;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A value an option cannot take is a usage error naming the option and what it takes. */
class OptionValuesTest {
  @TempDir static Path tmp;
  private static Path index;

  @BeforeAll
  static void ingestTheSamples() {
    index = tmp.resolve("index");
    Path samples = SampleLogsEndToEndTest.projectRoot().resolve("sample-logs");
    Run r =
        SampleLogsEndToEndTest.audit(
            "ingest", "--index", index.toString(), "--tz", "Europe/Berlin", samples.toString());
    assertEquals(0, r.code(), r.err());
  }

  private static void usage(String command, String message, String... args) {
    List<String> a = new ArrayList<>(List.of(command));
    a.addAll(List.of(args));
    SampleLogsEndToEndTest.assertUsage(
        SampleLogsEndToEndTest.audit(a.toArray(String[]::new)), command, message);
  }

  @Test
  void explainClientAndService() {
    String ix = index.toString();
    usage("explain", "--client: not an IP address: '1.2.3'", "--index", ix, "--client", "1.2.3");
    usage(
        "explain",
        "--service: unknown 'ss' (v2ray, shadowsocks or sing-box)",
        "--index",
        ix,
        "alice@example.com",
        "--service",
        "ss");
    usage(
        "explain",
        "--service: unknown 'netfilter' (v2ray, shadowsocks or sing-box)",
        "--index",
        ix,
        "alice@example.com",
        "--service",
        "netfilter");
    usage(
        "explain",
        "--limit: not a number of lines (0 or more): '-1'",
        "--index",
        ix,
        "alice@example.com",
        "--limit",
        "-1");
    usage("explain", "--limit: 'ten' is not an int", "--index", ix, "x", "--limit", "ten");
  }

  /** Valid values still select: the service by name, the client in any spelling of its IP. */
  @Test
  void explainSelectsByServiceAndCanonicalClient() {
    String[] base = {
      "explain",
      "--index",
      index.toString(),
      "--tz",
      "Europe/Berlin",
      "--uid",
      "none",
      "--policy",
      SampleLogsEndToEndTest.SAMPLE_POLICY.toString()
    };
    Run v2ray = run(base, "alice@example.com", "--service", "V2Ray");
    assertEquals(ExitCode.ABUSE.code(), v2ray.code(), v2ray.err());
    Run ss = run(base, "alice@example.com", "--service", "shadowsocks");
    assertEquals(ExitCode.OK.code(), ss.code(), ss.err());
    // written as the help writes it, with its dash: no sing-box lines in the samples
    Run sb = run(base, "alice@example.com", "--service", "sing-box");
    assertEquals(ExitCode.OK.code(), sb.code(), sb.err());
    // alice's IPv6 client 2001:db8:100::11, written out in full
    Run v6 = run(base, "alice@example.com", "--client", "2001:DB8:100:0:0:0:0:11");
    assertEquals(ExitCode.ABUSE.code(), v6.code(), v6.err());
    assertTrue(v6.out().contains("2001:db8:100::11"), v6.out());
  }

  private static Run run(String[] base, String... more) {
    List<String> a = new ArrayList<>(List.of(base));
    a.addAll(List.of(more));
    return SampleLogsEndToEndTest.audit(a.toArray(String[]::new));
  }

  @Test
  void whoValues() {
    String ix = index.toString();
    usage("who", "--by: unknown 'host' (user, client or node)", "--index", ix, "--by", "host");
    usage("who", "--by node asks the fleet: add --opensearch URL", "--index", ix, "--by", "node");
    usage("who", "--opensearch: not an http(s) URL: ftp://x", "--opensearch", "ftp://x");
    usage(
        "who",
        "PATHs are ingested into the local index: not with --opensearch (audit ship them)",
        "--opensearch",
        "http://127.0.0.1:9",
        ix);
    usage("who", "--output: unknown 'xml' (table, csv or json)", "--index", ix, "--output", "xml");
    usage("who", "--port: not a port (1-65535): '0'", "--index", ix, "--port", "0");
    usage("who", "--port: not a port (1-65535): '70000'", "--index", ix, "--port", "25,70000");
    usage("ingest", "--output: unknown 'xml' (text or json)", "--output", "xml", "x.log");
    usage("forget", "--client: not an IP address: 'my-laptop'", "--client", "my-laptop");
  }

  /** Checked before the index is read: with no finding they were silently accepted. */
  @Test
  void rulesValues() {
    String[] base = {"--index", tmp.resolve("none").toString(), "--out", tmp.toString()};
    usage("rules", "--allow-uid: not a uid: '-1'", cat(base, "--allow-uid", "-1"));
    usage(
        "rules",
        "--allow-destination: not an address or network: 'relay'",
        cat(base, "--allow-destination", "relay"));
    usage(
        "rules",
        "--never-block: prefix length over 32 in '192.0.2.1/40'",
        cat(base, "--never-block", "192.0.2.1/40"));
  }

  @Test
  void benchValues() {
    usage("bench", "--lines: not a corpus size (1000 or more): '0'", "--lines", "0");
    usage("bench", "--runs: not a number of runs (1 or more): '0'", "--runs", "0");
  }

  private static String[] cat(String[] a, String... b) {
    List<String> all = new ArrayList<>(List.of(a));
    all.addAll(List.of(b));
    return all.toArray(String[]::new);
  }
}
