package dev.proxyaudit.analyzer.cli;

import picocli.CommandLine.Option;

/** {@code --output text|json}, for the commands whose report is text for people or JSON. */
final class TextOrJsonOption {
  enum Format {
    TEXT,
    JSON
  }

  @Option(
      names = "--output",
      paramLabel = "FORMAT",
      description = "text (default) or json.",
      defaultValue = "text")
  Format output;

  boolean json() {
    return output == Format.JSON;
  }
}
