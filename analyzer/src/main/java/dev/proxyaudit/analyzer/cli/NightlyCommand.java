package dev.proxyaudit.analyzer.cli;

import dev.proxyaudit.analyzer.config.Locations;
import dev.proxyaudit.analyzer.config.PortNames;
import dev.proxyaudit.analyzer.index.EventIndex;
import dev.proxyaudit.analyzer.judge.Policy;
import dev.proxyaudit.analyzer.nightly.NightlyConfig;
import dev.proxyaudit.analyzer.nightly.NightlyJob;
import dev.proxyaudit.analyzer.nightly.RunLock;
import dev.proxyaudit.analyzer.parse.IoErrors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code audit nightly}: the cron job. Silent unless there is something to say. */
@Command(
    name = "nightly",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done; nothing judged abuse (nothing printed)",
      "1:error (index unusable, report or rules folder not writable)",
      "2:usage error, or a mistake in the configuration file (file:line)",
      "4:done, but some files or lines could not be read (on stderr)",
      "5:some users were judged abuse: summary on stdout, report and rules written",
      "6:another audit nightly is running (its pid is named)",
      "8:nothing to read: no file matches the sources, or they gave no event for"
          + " stale_after_days (warned on stderr once a day)",
      "9:opensearch is set and the cluster could not take the new events (on stderr); they"
          + " stay in the index and the next run ships them"
    },
    mixinStandardHelpOptions = true,
    description = {
      "Reads what the configured logs gained since the last run (rotation and compression"
          + " included; no line twice), deletes events past their retention, judges every event"
          + " not judged before (the first run: the whole index, whatever its dates) and, when"
          + " someone was judged abuse, prints a short summary, writes a JSON and an HTML report"
          + " and the block rules.",
      "Prints nothing only when it read its sources and found nothing: no file matching the"
          + " sources, or no new event for stale_after_days, is a warning and exit code 8.",
      "For cron (MAILTO gets only findings and problems) or a systemd timer."
    })
final class NightlyCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "Configuration file. Default: /etc/proxy-audit/nightly.conf when it exists, else the"
              + " built-in configuration (--print-default-config shows it).")
  Path config;

  @Option(
      names = "--print-default-config",
      description = "Print the default configuration and exit.")
  boolean printDefault;

  @Option(
      names = "--now",
      hidden = true,
      paramLabel = "INSTANT",
      description = "Pretend it is this instant (tests; ISO-8601 UTC).")
  java.time.Instant now;

  @Override
  public Integer call() throws Exception {
    CommandLine cmd = spec.commandLine();
    if (printDefault) {
      cmd.getOut().print(NightlyConfig.defaultText());
      cmd.getOut().flush();
      return ExitCode.OK.code();
    }
    Path file = config;
    if (file == null && Files.exists(Locations.SYSTEM_CONFIG)) {
      file = Locations.SYSTEM_CONFIG; // the package's conffile, as the timer and cron use it
    }
    NightlyConfig cfg;
    try {
      cfg = NightlyConfig.load(file);
    } catch (NoSuchFileException e) {
      throw new CommandLine.ParameterException(cmd, "--config: " + config + ": no such file");
    } catch (IOException e) {
      throw new CommandLine.ParameterException(cmd, "--config: " + IoErrors.describe(config, e));
    } catch (NightlyConfig.ConfigException e) {
      throw new CommandLine.ParameterException(cmd, e.getMessage());
    }
    try {
      Clock clock = now == null ? Clock.systemUTC() : Clock.fixed(now, java.time.ZoneOffset.UTC);
      NightlyJob.Outcome o = new NightlyJob(cfg, clock).run(cmd.getOut(), cmd.getErr());
      if (o.abuse()) {
        return ExitCode.ABUSE.code();
      }
      if (o.notShipped()) {
        return ExitCode.NOT_SHIPPED.code();
      }
      if (o.nothingRead()) {
        return ExitCode.NO_DATA.code();
      }
      return o.inputProblems() ? ExitCode.INPUT_PROBLEMS.code() : ExitCode.OK.code();
    } catch (RunLock.HeldException e) {
      cmd.getErr().println("audit: " + e.getMessage());
      return ExitCode.LOCKED.code();
    } catch (Policy.PolicyException e) {
      throw new CommandLine.ParameterException(cmd, "policy: " + e.getMessage());
    } catch (PortNames.InvalidFileException e) {
      throw new CommandLine.ParameterException(cmd, "users: " + e.getMessage());
    } catch (EventIndex.IndexException e) {
      cmd.getErr().println("audit: " + e.getMessage());
      return ExitCode.ERROR.code();
    }
  }
}
