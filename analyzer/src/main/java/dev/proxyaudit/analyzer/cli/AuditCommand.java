package dev.proxyaudit.analyzer.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The root command: {@code audit}. Its subcommands are added by {@link #commandLine}, not listed in
 * {@code @Command}: picocli builds the model of every listed one by reflection, about 0.2 s before
 * a command runs, while one run needs one of them.
 */
@Command(
    name = "audit",
    mixinStandardHelpOptions = true,
    versionProvider = AuditCommand.Version.class,
    description =
        "Finds which proxy service, user and client sent SMTP-bound traffic, from V2Ray/Xray,"
            + " Shadowsocks and netfilter logs kept in a local Lucene index.",
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

  /** The subcommands' names, in the order help, the man page and completion list them. */
  static final List<String> NAMES =
      List.of(
          "ingest", "who", "explain", "rules", "nightly", "ship", "forget", "parse", "bench",
          "doctor", "help");

  /**
   * {@code audit} with the subcommands that ARGS need: none for {@code --version}, the one named
   * first, or all of them (help, no command, an unknown one: its "Did you mean" needs them all).
   */
  static CommandLine commandLine(String[] args, Map<String, String> env) {
    CommandLine cl = new CommandLine(new AuditCommand(env));
    String first = args.length > 0 ? args[0] : "";
    if (args.length == 1 && (first.equals("--version") || first.equals("-V"))) {
      return cl;
    }
    if (!first.equals("help") && NAMES.contains(first)) {
      return cl.addSubcommand(subcommand(first));
    }
    for (String name : NAMES) {
      cl.addSubcommand(subcommand(name));
    }
    return cl;
  }

  /** {@code audit} with every subcommand: what help, the man page and completion describe. */
  static CommandLine full(Map<String, String> env) {
    return commandLine(new String[0], env);
  }

  private static Object subcommand(String name) {
    return switch (name) {
      case "ingest" -> new IngestCommand();
      case "who" -> new WhoCommand();
      case "explain" -> new ExplainCommand();
      case "rules" -> new RulesCommand();
      case "nightly" -> new NightlyCommand();
      case "ship" -> new ShipCommand();
      case "forget" -> new ForgetCommand();
      case "parse" -> new ParseCommand();
      case "bench" -> new BenchCommand();
      case "doctor" -> new DoctorCommand();
      case "help" -> new CommandLine.HelpCommand();
      default -> throw new IllegalArgumentException(name);
    };
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
