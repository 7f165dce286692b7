package dev.proxyaudit.analyzer.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** The root command: {@code audit}. */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    versionProvider = AuditCommand.Version.class,
    description =
        "Finds which proxy service, user and client sent SMTP-bound traffic, from V2Ray/Xray,"
            + " Shadowsocks and netfilter logs kept in a local Lucene index.",
    subcommands = {
      IngestCommand.class,
      WhoCommand.class,
      ExplainCommand.class,
      RulesCommand.class,
      NightlyCommand.class,
      ForgetCommand.class,
      ParseCommand.class,
      BenchCommand.class,
      DoctorCommand.class,
      CommandLine.HelpCommand.class
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:done; nothing found (who, explain), every line understood (ingest)",
      "1:error (index unusable, unexpected failure)",
      "2:usage error (bad option, bad port-name file)",
      "3:who/explain found connections to the ports asked about, none judged abuse",
      "4:finished, but some files or lines could not be read",
      "5:who/explain/nightly: the policy judged some connections abuse",
      "6:nightly: another nightly run is in progress",
      "7:doctor: something must be fixed before the logs can name the sender",
      "8:nothing to read: no index or no events there, none in the time asked; nightly: the"
          + " sources matched no file or gave no event for stale_after_days"
    })
final class AuditCommand implements Callable<Integer> {
  final Map<String, String> env;

  @Spec CommandSpec spec;

  AuditCommand(Map<String, String> env) {
    this.env = env;
  }

  /** {@code audit} alone: the commands' names, not the whole usage (that is {@code --help}). */
  @Override
  public Integer call() {
    List<String> names = new ArrayList<>(spec.subcommands().keySet());
    names.remove("help");
    throw new CommandLine.ParameterException(
        spec.commandLine(), "give a command: " + String.join(", ", names));
  }

  /** The version from the jar's manifest. */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = AuditCommand.class.getPackage().getImplementationVersion();
      return new String[] {"proxy-audit " + (v == null ? "(development build)" : v)};
    }
  }
}
