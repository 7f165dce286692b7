package dev.proxyaudit.rules;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The one step that puts rendered rule files into their folder, for {@code audit rules} and the
 * nightly run alike: a file that failed its check is not written, the rest are written the safe way
 * ({@link RuleFiles#write}) or, for a dry run, compared with what is there.
 */
public final class RuleOutput {
  private RuleOutput() {}

  /** What happened to one file. */
  public enum Outcome {
    WRITTEN,
    UNCHANGED,
    /** Dry run: {@link Result#diff} says what writing would change. */
    DIFFERS,
    /** Not written: its check failed ({@link Result#why}). */
    FAILED_CHECK,
    /** Not written or compared: reading or writing failed ({@link Result#error}). */
    FAILED_IO
  }

  /**
   * @param path where the file goes
   * @param diff the unified diff for {@link Outcome#DIFFERS}, else empty
   * @param why the check's message for {@link Outcome#FAILED_CHECK}, else null
   * @param error the failure for {@link Outcome#FAILED_IO}, else null
   */
  public record Result(Path path, Outcome outcome, String diff, String why, IOException error) {
    public boolean failed() {
      return outcome == Outcome.FAILED_CHECK || outcome == Outcome.FAILED_IO;
    }
  }

  /** Writes (or, with {@code dryRun}, compares) each file in {@code dir}, in order. */
  public static List<Result> write(List<RenderedRules.File> files, Path dir, boolean dryRun) {
    List<Result> out = new ArrayList<>(files.size());
    for (RenderedRules.File f : files) {
      Path path = dir.resolve(f.name());
      if (!f.check().ok()) {
        out.add(new Result(path, Outcome.FAILED_CHECK, "", f.check().message(), null));
        continue;
      }
      try {
        if (dryRun) {
          String old =
              Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)
                  ? Files.readString(path, StandardCharsets.UTF_8)
                  : "";
          String diff = RuleFiles.diff(f.name(), old, f.content());
          out.add(
              new Result(
                  path, diff.isEmpty() ? Outcome.UNCHANGED : Outcome.DIFFERS, diff, null, null));
        } else {
          RuleFiles.Outcome o = f.writeTo(dir);
          out.add(
              new Result(
                  path,
                  o == RuleFiles.Outcome.WRITTEN ? Outcome.WRITTEN : Outcome.UNCHANGED,
                  "",
                  null,
                  null));
        }
      } catch (IOException e) {
        out.add(new Result(path, Outcome.FAILED_IO, "", null, e));
      }
    }
    return out;
  }
}
