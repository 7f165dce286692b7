package dev.proxyaudit.rules;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Every writer's output for two plans, compared with golden files in src/test/resources/golden: the
 * findings of the sample logs (sample-logs/README.md: alice through V2Ray, the ss-server user on
 * port 8389), and a blanket block. Regenerate after a deliberate change with {@code
 * -Dgolden.update=true} and read the diff.
 */
class RuleWritersGoldenTest {
  static final Path GOLDEN = Path.of("src/test/resources/golden");
  private static final boolean UPDATE = Boolean.getBoolean("golden.update");

  static BlockPlan samplePlan() {
    return new BlockPlan(
        Instant.parse("2026-11-28T06:00:00Z"),
        "audit rules --out /etc/proxy-audit/rules --drop-clients --allow-uid 108",
        List.of(25),
        List.of(108),
        List.of(Cidr.parse("192.0.2.25"), Cidr.parse("2001:db8:25::/48")),
        List.of(
            new Offender(
                "v2ray",
                "alice@example.com",
                List.of("198.51.100.11", "2001:db8:100::11"),
                null,
                null,
                List.of(
                    "7 distinct destinations on port 25 within one hour from 2026-11-28 05:53"
                        + " (limit 5)")),
            new Offender(
                "shadowsocks",
                "8389",
                List.of(),
                8389,
                null,
                List.of(
                    "6 distinct destinations on port 25 within one hour from 2026-11-28 05:53"
                        + " (limit 5)"))),
        List.of("198.51.100.11", "2001:db8:100::11"),
        List.of(Cidr.parse("203.0.113.0/24")),
        "/etc/proxy-audit/rules",
        BlockPlan.Scope.EVERYONE);
  }

  static BlockPlan blanketPlan() {
    return new BlockPlan(
        Instant.parse("2026-11-28T06:00:00Z"),
        "audit rules --port 25,465,587 --out /etc/proxy-audit/rules",
        List.of(25, 465, 587),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        "/etc/proxy-audit/rules",
        BlockPlan.Scope.EVERYONE);
  }

  /**
   * --per-user: the shadowsocks user's ss-server instance ran as uid 61234 of its own (a
   * DynamicUser of shadowsocks-libev-server@.service); alice shares V2Ray's process, so this file
   * cannot block her alone.
   */
  static BlockPlan perUserPlan() {
    BlockPlan s = samplePlan();
    List<Offender> offenders = new ArrayList<>();
    for (Offender o : s.offenders()) {
      offenders.add(
          o.serverPort() == null
              ? o
              : new Offender(
                  o.service(), o.user(), o.clients(), o.serverPort(), 61234, o.reasons()));
    }
    return new BlockPlan(
        s.generated(),
        "audit rules --out /etc/proxy-audit/rules --per-user",
        s.ports(),
        List.of(),
        List.of(),
        offenders,
        List.of(),
        List.of(),
        s.loadDir(),
        BlockPlan.Scope.OFFENDERS);
  }

  @TestFactory
  Stream<DynamicTest> everyWriterMatchesItsGolden() {
    List<DynamicTest> tests = new ArrayList<>();
    List<RuleWriter> writers = new ArrayList<>();
    RuleWriters.targets().forEach(t -> writers.add(RuleWriters.of(t)));
    writers.add(new LoaderWriter());
    for (RuleWriter w : writers) {
      for (String name : List.of("sample", "blanket", "per-user")) {
        BlockPlan plan =
            switch (name) {
              case "sample" -> samplePlan();
              case "blanket" -> blanketPlan();
              default -> perUserPlan();
            };
        Path golden = GOLDEN.resolve(name + "." + w.fileName());
        tests.add(
            DynamicTest.dynamicTest(
                name + " " + w.target(),
                () -> {
                  String actual = w.render(plan);
                  if (UPDATE) {
                    Files.createDirectories(GOLDEN);
                    Files.writeString(golden, actual, StandardCharsets.UTF_8);
                    return;
                  }
                  assertTrue(Files.exists(golden), "no golden " + golden);
                  assertEquals(Files.readString(golden, StandardCharsets.UTF_8), actual);
                }));
      }
    }
    return tests.stream();
  }
}
