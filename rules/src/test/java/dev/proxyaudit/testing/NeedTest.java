package dev.proxyaudit.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class NeedTest {
  @TempDir Path tmp;

  @Test
  void missingSkipsOnADevelopersMachineAndFailsUnderCi() {
    TestAbortedException skip =
        assertThrows(TestAbortedException.class, () -> Need.missing("nft not found", false));
    assertTrue(skip.getMessage().contains("nft not found"), skip.getMessage());
    AssertionFailedError failure =
        assertThrows(AssertionFailedError.class, () -> Need.missing("nft not found", true));
    assertTrue(failure.getMessage().startsWith("nft not found"), failure.getMessage());
  }

  @Test
  void findsProgramsOnPathAndInSbin() {
    assertTrue(Need.find("sh").isPresent());
    assertFalse(Need.find("no-such-program-of-proxy-audit").isPresent());
  }

  @Test
  void aPackageMissingFromTheListIsAFailureEverywhere() {
    AssertionFailedError e =
        assertThrows(
            AssertionFailedError.class, () -> Need.command("sh", "no-such-debian-package"));
    assertTrue(e.getMessage().contains("is not in "), e.getMessage());
    assertTrue(e.getMessage().contains(".ci/packages"), e.getMessage());
  }

  @Test
  void theListIsTheFirstWordOfEachLine() throws Exception {
    Path list = tmp.resolve("packages");
    Files.writeString(list, "# comment\n\niptables   lab   # why\nchromium # browser\n");
    assertEquals(Set.of("iptables", "chromium"), Need.packages(list));
  }

  @Test
  void onceReplaysItsOutcomeInEachTest() throws Throwable {
    Need.Once skipped = Need.once(() -> Need.missing("not root", false));
    assertFalse(skipped.met());
    assertThrows(TestAbortedException.class, skipped::check);
    assertThrows(TestAbortedException.class, skipped::check);
    Need.Once passed = Need.once(() -> {});
    assertTrue(passed.met());
    passed.check();
  }
}
