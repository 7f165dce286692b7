package dev.proxyaudit.analyzer.cli;

import dev.proxyaudit.analyzer.fleet.Shipper;
import dev.proxyaudit.rules.SafeText;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** {@code --node NAME}...: which of the fleet's nodes a question asks about (none: all). */
final class NodeFilter {
  @Option(
      names = "--node",
      paramLabel = "NAME",
      description = "With --opensearch: only the lines of this node (repeat for more).")
  List<String> nodes = List.of();

  /** The node names, each checked as ship checks the name it ships under. */
  List<String> checked(CommandLine cmd) {
    for (String n : nodes) {
      if (!Shipper.validNode(n)) {
        throw new CommandLine.ParameterException(
            cmd, "--node: letters, digits, '.', '_', '-' only: '" + SafeText.printable(n) + "'");
      }
    }
    return nodes;
  }
}
