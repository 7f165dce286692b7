package dev.proxyaudit.analyzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxyaudit.analyzer.testing.Cli.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code audit rules} from the findings of the real sample logs. */
class RulesCommandTest {
  @TempDir Path tmp;
  private Path out;

  @BeforeEach
  void ingestSamples() {
    Run r =
        SampleLogsEndToEndTest.audit(
            "ingest",
            "--index",
            tmp.resolve("index").toString(),
            "--tz",
            "Europe/Berlin",
            "--year",
            "2026",
            SampleLogsEndToEndTest.projectRoot().resolve("sample-logs").toString());
    assertEquals(0, r.code(), r.err());
    out = tmp.resolve("rules");
  }

  private Run rules(String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "rules",
                "--index",
                tmp.resolve("index").toString(),
                "--tz",
                "Europe/Berlin",
                "--uid",
                "v2ray=65534",
                "--uid",
                "shadowsocks=999",
                "--out",
                out.toString()));
    if (!List.of(extra)
        .contains("--policy")) { // the lab story's limits, unless the test has its own
      args.addAll(List.of("--policy", SampleLogsEndToEndTest.SAMPLE_POLICY.toString()));
    }
    args.addAll(List.of(extra));
    return SampleLogsEndToEndTest.audit(args.toArray(String[]::new));
  }

  @Test
  void writesEveryTargetFromTheFindingsThenLeavesThemAlone() throws Exception {
    Run first = rules("--allow-uid", "108");
    assertEquals(0, first.code(), first.err());
    for (String f :
        List.of(
            "iptables.rules",
            "ip6tables.rules",
            "nftables.nft",
            "v2ray-routing.json",
            "shadowsocks.txt",
            "load-rules.sh")) {
      assertTrue(first.out().contains(out.resolve(f) + ": written"), first.out());
    }
    String v2ray = Files.readString(out.resolve("v2ray-routing.json"));
    assertTrue(v2ray.contains("\"user\": [\"alice@example.com\"]"), v2ray);
    assertFalse(v2ray.contains("carol"), "carol's 587 mail is not judged: not blocked");
    assertTrue(
        Files.readString(out.resolve("shadowsocks.txt")).contains("--dport 8389 -j DROP"),
        "the ss-server user's port");
    assertTrue(
        Files.readString(out.resolve("iptables.rules")).contains("--uid-owner 108"), "allowed uid");
    // the load instructions name the folder written to (a @TempDir path: plain characters)
    assertTrue(
        Files.readString(out.resolve("iptables.rules"))
            .contains(
                "#   or sh " + out.toAbsolutePath().normalize().resolve("load-rules.sh") + " "),
        "load instructions");

    Run again = rules("--allow-uid", "108");
    assertEquals(0, again.code(), again.err());
    assertFalse(again.out().contains("written"), again.out());

    Run dry = rules("--allow-uid", "108", "--allow-uid", "109", "--dry-run");
    assertEquals(0, dry.code(), dry.err());
    assertTrue(
        dry.out().contains("+-A PROXY-AUDIT-OUT -p tcp --dport 25 -m owner --uid-owner 109"),
        dry.out());
    assertFalse(
        Files.readString(out.resolve("iptables.rules")).contains("--uid-owner 109"),
        "dry run wrote nothing");
  }

  @Test
  void aMissingIndexIsAnErrorAndCreatesNothing() {
    Run r =
        SampleLogsEndToEndTest.audit(
            "rules", "--index", tmp.resolve("no-such-index").toString(), "--out", out.toString());
    assertEquals(ExitCode.NO_DATA.code(), r.code(), r.err());
    assertEquals("", r.out());
    assertTrue(r.err().startsWith("audit: no index at " + tmp.resolve("no-such-index")), r.err());
    assertFalse(Files.exists(out), "no output folder for a mistyped --index");
  }

  @Test
  void nothingFoundWritesNothingUnlessAPortIsGiven() throws Exception {
    // the samples judged with a policy that allows everyone: events, but no finding
    Path policy = tmp.resolve("policy");
    Files.writeString(policy, "allow.users = alice@example.com, 8389\n");
    Run r = rules("--policy", policy.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("No user was judged abuse"), r.out());
    assertFalse(Files.exists(out));
    Run blanket =
        rules("--policy", policy.toString(), "--port", "25,465,587", "--target", "nftables");
    assertEquals(0, blanket.code(), blanket.err());
    assertTrue(
        Files.readString(out.resolve("nftables.nft")).contains("tcp dport { 25, 465, 587 }"));
  }

  /** A binary file where a rule file goes: its path and why, not "Input length = 1". */
  @Test
  void aBinaryFileInTheWay() throws Exception {
    Path nft = Files.createDirectories(out).resolve("nftables.nft");
    Files.write(nft, new byte[] {(byte) 0x89, 'P', 'N', 'G'});
    Run write = rules("--target", "nftables", "--no-check");
    assertEquals(1, write.code(), write.err());
    assertEquals("audit: " + nft + ": not written: not a text file (not UTF-8)\n", write.err());
    Run dry = rules("--target", "nftables", "--no-check", "--dry-run");
    assertEquals(1, dry.code(), dry.err());
    assertEquals("audit: " + nft + ": cannot compare: not a text file (not UTF-8)\n", dry.err());
  }

  @Test
  void mistakesAreReported() throws Exception {
    Run unknown = rules("--target", "pf");
    assertEquals(2, unknown.code());
    assertTrue(unknown.err().contains("--target: unknown 'pf'"), unknown.err());
    Run badCidr = rules("--never-block", "my-laptop");
    assertEquals(2, badCidr.code());
    assertTrue(badCidr.err().contains("not an address or network: 'my-laptop'"), badCidr.err());
    Files.createDirectories(out);
    Files.createSymbolicLink(out.resolve("nftables.nft"), tmp.resolve("elsewhere"));
    Run link = rules("--target", "nftables");
    assertEquals(1, link.code());
    assertTrue(link.err().contains("symbolic link"), link.err());
  }

  /**
   * --per-user on the samples: the 8389 user's connections all came from uid 999, which sent no
   * other user's, so its rule blocks that uid only; alice shares V2Ray's process and is left to the
   * routing snippet, which the header says. No ss-server runs on the test machine as 999: warned.
   */
  @Test
  void perUserBlocksTheShadowsocksUsersOwnUidOnly() throws Exception {
    Run r = rules("--per-user", "--no-check");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("no ss-server runs as uid 999 now"), r.err());
    String ipt = Files.readString(out.resolve("iptables.rules"));
    assertTrue(
        ipt.contains(
            "-A PROXY-AUDIT-OUT -p tcp --dport 25 -m owner --uid-owner 999 -m comment --comment"
                + " \"proxy-audit: block shadowsocks 8389\" -j DROP"),
        ipt);
    assertFalse(ipt.contains("block port 25"), "no blanket block with --per-user:\n" + ipt);
    assertTrue(ipt.contains("v2ray alice@example.com: NOT blocked here"), ipt);
    String nft = Files.readString(out.resolve("nftables.nft"));
    assertTrue(nft.contains("meta skuid 999 reject with tcp reset"), nft);
    assertTrue(Files.readString(out.resolve("v2ray-routing.json")).contains("alice@example.com"));
  }

  /** A uid that runs several ss-server instances is no one user's: not blocked per user. */
  @Test
  void aUidSharedByInstancesIsNotBlockedPerUser() {
    java.io.StringWriter err = new java.io.StringWriter();
    List<dev.proxyaudit.rules.Offender> checked =
        OwnUids.check(
            List.of(
                new dev.proxyaudit.rules.Offender(
                    "shadowsocks", "8389", List.of(), 8389, 999, List.of("spam"))),
            java.util.Map.of(999, 3),
            new java.io.PrintWriter(err, true));
    assertEquals(null, checked.get(0).uid());
    assertTrue(err.toString().contains("3 ss-server processes run as uid 999"), err.toString());
  }
}
