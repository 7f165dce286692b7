package dev.proxyaudit.analyzer.cli;

import dev.proxyaudit.analyzer.index.EventIndex;
import dev.proxyaudit.analyzer.query.QueryIndex;
import dev.proxyaudit.rules.IpLiteral;
import dev.proxyaudit.rules.SafeText;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code audit forget USER}: delete a person's events from the index. */
@Command(
    name = "forget",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:deleted (or nothing to delete)",
      "1:error (index unusable or in use)",
      "2:usage error",
      "8:no index there, or an index without events"
    },
    mixinStandardHelpOptions = true,
    description = {
      "Deletes every event of USER (as logged: a V2Ray email, a Shadowsocks port or name), or of"
          + " a client address with --client, from the index, including the raw lines kept as"
          + " evidence. The log files themselves are not touched: delete or rotate those too."
    })
final class ForgetCommand implements Callable<Integer> {
  @ParentCommand AuditCommand root;
  @Spec CommandSpec spec;
  @Mixin IndexOption index;

  @Parameters(paramLabel = "USER", arity = "0..1", description = "The user, as logged.")
  String user;

  @Option(
      names = "--client",
      paramLabel = "IP",
      description = "Only this client, or all its events when no USER is given.")
  String client;

  @Override
  public Integer call() throws Exception {
    CommandLine cmd = spec.commandLine();
    if (user == null && client == null) {
      throw new CommandLine.ParameterException(cmd, "give a USER or --client IP");
    }
    String ip = null;
    if (client != null) {
      ip = IpLiteral.canonical(client).orElse(null);
      if (ip == null) {
        throw new CommandLine.ParameterException(
            cmd, "--client: not an IP address: '" + client + "'");
      }
    }
    Path dir = Folders.index(cmd, index, root.env);
    // a mistyped --index must not create an empty index and report "forgot 0 events"
    QueryIndex.open(dir).close();
    try (EventIndex idx = EventIndex.open(dir)) {
      long n = idx.count(user, ip);
      idx.forget(user, ip);
      idx.commit();
      String who =
          (user == null ? "" : user) + (ip == null ? "" : (user == null ? "" : " from ") + ip);
      cmd.getOut().println(SafeText.printable("forgot " + n + " events of " + who + " in " + dir));
      return ExitCode.OK.code();
    } catch (EventIndex.IndexException e) {
      cmd.getErr().println("audit: " + e.getMessage());
      return ExitCode.ERROR.code();
    }
  }
}
