package dev.proxyaudit.analyzer.cli;

import dev.proxyaudit.analyzer.index.EventIndex;
import dev.proxyaudit.analyzer.index.Ingester;
import dev.proxyaudit.analyzer.report.IngestReport;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code audit ingest}: read log files into the index. */
@Command(
    name = "ingest",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:every file read, every line understood",
      "1:error (index unusable or locked)",
      "2:usage error",
      "4:finished, but some files or lines could not be read (listed as path:line: reason)"
    },
    mixinStandardHelpOptions = true,
    description = {
      "Reads log files (plain or gzip; folders recursively) into the index.",
      "The format of each line is recognised by its content. A file read before is continued"
          + " where it stopped, also after rotation or compression: no line is counted twice."
    })
final class IngestCommand implements Callable<Integer> {
  @ParentCommand AuditCommand root;
  @Spec CommandSpec spec;
  @Mixin IndexOption index;
  @Mixin ReadOptions read;

  @Mixin TextOrJsonOption output;

  @Parameters(paramLabel = "PATH", arity = "1..*", description = "Log files or folders.")
  List<Path> paths;

  @Override
  public Integer call() throws Exception {
    Ingester.Result result =
        run(Folders.index(spec.commandLine(), index, root.env), read, paths, spec);
    if (output.json()) {
      IngestReport.json(result, spec.commandLine().getOut(), spec.commandLine().getErr());
    } else {
      IngestReport.text(result, spec.commandLine().getOut(), spec.commandLine().getErr());
    }
    return result.hasProblems() ? ExitCode.INPUT_PROBLEMS.code() : ExitCode.OK.code();
  }

  /** Ingests {@code paths} into the index at {@code dir} and commits. */
  static Ingester.Result run(Path dir, ReadOptions read, List<Path> paths, CommandSpec spec)
      throws Exception {
    var options = read.toOptions(spec.commandLine());
    try (EventIndex idx = EventIndex.open(dir)) {
      var progress = TerminalProgress.forStderr(spec.commandLine().getErr(), paths);
      Ingester.Result r = new Ingester(idx, options).withProgress(progress).ingest(paths);
      if (progress != Ingester.Progress.NONE) {
        spec.commandLine().getErr().print("\r\033[K"); // clear the progress line
      }
      return r;
    } catch (EventIndex.IndexException e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
