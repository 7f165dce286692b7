package dev.proxyaudit.analyzer.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Build-time generator (run by the analyzer's pom at package): the bash/zsh completion script
 * (picocli's) and a man page in roff, both from the same command model as {@code --help}.
 */
public final class Docs {
  private Docs() {}

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "target");
    Files.createDirectories(dir);
    CommandLine cl = new CommandLine(new AuditCommand(Map.of()));
    Files.writeString(
        dir.resolve("audit_completion"), AutoComplete.bash("audit", cl), StandardCharsets.UTF_8);
    String man = manPage(cl);
    Files.writeString(dir.resolve("audit.1"), man, StandardCharsets.UTF_8);
    // Debian installs man pages gzip-compressed; Java's gzip header carries no time stamp, so
    // the file is the same on every build.
    try (OutputStream gz = new GZIPOutputStream(Files.newOutputStream(dir.resolve("audit.1.gz")))) {
      gz.write(man.getBytes(StandardCharsets.UTF_8));
    }
  }

  static String manPage(CommandLine root) {
    StringBuilder m = new StringBuilder();
    m.append(".TH AUDIT 1 \"").append(LocalDate.of(2026, 11, 28)).append("\" \"proxy-audit ");
    m.append(esc(String.join(" ", root.getCommandSpec().version())))
        .append("\" \"User Commands\"\n");
    m.append(".SH NAME\naudit \\- ")
        .append(esc(String.join(" ", root.getCommandSpec().usageMessage().description())))
        .append('\n');
    m.append(".SH SYNOPSIS\n.B audit\n.I COMMAND\n[\\fIOPTIONS\\fR]\n");
    m.append(".SH COMMANDS\n");
    for (Map.Entry<String, CommandLine> e : root.getSubcommands().entrySet()) {
      CommandSpec s = e.getValue().getCommandSpec();
      if (e.getKey().equals("help")) {
        continue;
      }
      m.append(".SS audit ").append(esc(e.getKey())).append('\n');
      for (String d : s.usageMessage().description()) {
        m.append(esc(d)).append("\n.PP\n");
      }
      for (OptionSpec o : s.options()) {
        if (o.hidden()) {
          continue;
        }
        m.append(".TP\n.B ").append(esc(String.join(", ", o.names())));
        if (o.arity().max() > 0) {
          m.append(" \\fI").append(esc(o.paramLabel())).append("\\fR");
        }
        m.append('\n').append(esc(String.join(" ", o.description()))).append('\n');
      }
      if (!s.usageMessage().exitCodeList().isEmpty()) {
        m.append(".PP\nExit codes:\n");
        s.usageMessage()
            .exitCodeList()
            .forEach(
                (k, v) ->
                    m.append(".TP\n.B ")
                        .append(esc(k.strip()))
                        .append('\n')
                        .append(esc(v))
                        .append('\n'));
      }
    }
    m.append(
        ".SH FILES\n.TP\n/etc/proxy-audit/nightly.conf\nnightly configuration (audit nightly --print-default-config)\n");
    m.append(".TP\n/var/lib/proxy-audit/index\nthe event index (personal data, mode 0700)\n");
    m.append(".SH SEE ALSO\n.BR iptables (8),\n.BR nft (8),\n.BR cron (8)\n");
    return m.toString();
  }

  /** roff: backslashes doubled, a leading dot or quote neutralised, dashes kept as dashes. */
  private static String esc(String s) {
    String t = s.replace("\\", "\\\\").replace("-", "\\-").replace("%n", " ");
    return t.startsWith(".") || t.startsWith("'") ? "\\&" + t : t;
  }
}
