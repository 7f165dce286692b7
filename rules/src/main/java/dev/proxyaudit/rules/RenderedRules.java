package dev.proxyaudit.rules;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The rule files of one plan, rendered and checked but not yet written: one per writer, plus the
 * loader script when an iptables or ip6tables file is among them (nothing else jumps to their
 * chains).
 */
public final class RenderedRules {
  private RenderedRules() {}

  /** One file: its name and content, whether it is the (executable) loader, and its check. */
  public record File(String name, String content, boolean executable, RuleChecker.Check check) {
    /** Writes it to {@code dir} the safe way ({@link RuleFiles#write}). */
    public RuleFiles.Outcome writeTo(Path dir) throws IOException {
      return RuleFiles.write(dir, name, content, executable);
    }
  }

  /** Renders {@code plan} with each writer, in order, the loader last, each checked. */
  public static List<File> render(List<RuleWriter> writers, BlockPlan plan, RuleChecker checker) {
    List<RuleWriter> all = new ArrayList<>(writers);
    if (writers.stream()
        .anyMatch(w -> w.target().equals("iptables") || w.target().equals("ip6tables"))) {
      all.add(new LoaderWriter());
    }
    List<File> files = new ArrayList<>();
    for (RuleWriter w : all) {
      String content = w.render(plan);
      files.add(
          new File(
              w.fileName(),
              content,
              w instanceof LoaderWriter,
              checker.check(w.target(), content)));
    }
    return files;
  }
}
