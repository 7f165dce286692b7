package dev.proxyaudit.analyzer.cli;

import dev.proxyaudit.analyzer.fleet.Cluster;
import dev.proxyaudit.analyzer.fleet.Shipper;
import dev.proxyaudit.analyzer.index.EventIndex;
import dev.proxyaudit.analyzer.query.QueryIndex;
import dev.proxyaudit.rules.SafeText;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code audit ship}: send the local index's new events to OpenSearch, for the fleet. */
@Command(
    name = "ship",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:shipped (or nothing new to ship)",
      "1:error (index unusable or in use)",
      "2:usage error",
      "8:no index there, or an index without events",
      "9:OpenSearch refused the events or could not be reached after retries; they stay in the"
          + " index and the next run sends them"
    },
    mixinStandardHelpOptions = true,
    description = {
      "Sends every event of the local index that OpenSearch has not acknowledged yet, with the"
          + " Bulk API, to daily indices proxy-audit-events-YYYY.MM.DD (ECS field names; the tool"
          + " installs their index template). Each event's id is the node name and its own"
          + " identity (file and byte offset), so a resend, a crash or a kill -9 never makes a"
          + " duplicate; what was acknowledged is recorded in the index only after every item"
          + " was. Overload and connection errors back off and retry. Events stay in the local"
          + " index either way."
    })
final class ShipCommand implements Callable<Integer> {
  @ParentCommand AuditCommand root;
  @Spec CommandSpec spec;
  @Mixin IndexOption index;
  @Mixin JudgeOptions judging;

  @Mixin ClusterOptions cluster;

  @Option(
      names = "--node",
      paramLabel = "NAME",
      description = "This node's name in the fleet (default: the host name).")
  String node;

  @Override
  public Integer call() throws Exception {
    CommandLine cmd = spec.commandLine();
    if (!cluster.given()) {
      throw new CommandLine.ParameterException(cmd, "Missing required option: '--opensearch=URL'");
    }
    Cluster c = cluster.cluster(cmd);
    String name = node != null ? node : Shipper.hostName();
    if (!Shipper.validNode(name)) {
      throw new CommandLine.ParameterException(
          cmd, "--node: letters, digits, '.', '_', '-' only: '" + SafeText.printable(name) + "'");
    }
    Path dir = Folders.index(cmd, index, root.env);
    QueryIndex.open(dir).close(); // a mistyped --index must not create an empty index
    try (EventIndex idx = EventIndex.open(dir);
        Shipper shipper = new Shipper(c, 250)) {
      // the zone only words reasons, which ship does not send
      Shipper.Result r = shipper.ship(idx, name, judging.service(cmd, ZoneId.systemDefault()));
      cmd.getOut()
          .println(
              "shipped "
                  + r.sent()
                  + " events and the kernel status of "
                  + r.statuses()
                  + " proxy lines as node "
                  + name
                  + " to "
                  + c.url());
      return ExitCode.OK.code();
    } catch (Cluster.ClusterConfigException e) {
      cmd.getErr().println("audit: " + SafeText.printable(e.getMessage()));
      return ExitCode.USAGE.code();
    } catch (Shipper.ShipException e) {
      cmd.getErr().println("audit: not shipped: " + SafeText.printable(e.getMessage()));
      return ExitCode.NOT_SHIPPED.code();
    } catch (EventIndex.IndexException e) {
      cmd.getErr().println("audit: " + e.getMessage());
      return ExitCode.ERROR.code();
    }
  }
}
