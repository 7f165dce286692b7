package dev.proxyaudit.analyzer.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.proxyaudit.analyzer.judge.Policy;
import dev.proxyaudit.analyzer.testing.Cli.Run;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/** Every {@code audit X --opt} that help, messages or the README mention is one that exists. */
class HelpNamesRealCommandsTest {
  private static final Path ROOT = SampleLogsEndToEndTest.projectRoot();
  private static final CommandLine CL = AuditCommand.full(Map.of());

  /** {@code audit X}, then the options up to the end of the quote or line. */
  private static final Pattern MENTION = Pattern.compile("\\baudit ([a-z][a-z-]*)([^'`\"\\n]*)");

  private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");

  @TempDir Path tmp;

  @Test
  void everyDescriptionNamesRealCommandsAndOptions() {
    List<String> wrong = new ArrayList<>();
    for (CommandLine c : commands(CL)) {
      CommandSpec s = c.getCommandSpec();
      List<String> texts = new ArrayList<>(List.of(s.usageMessage().description()));
      texts.addAll(s.usageMessage().exitCodeList().values());
      for (ArgSpec a : s.args()) {
        texts.addAll(List.of(a.description()));
      }
      for (String t : texts) {
        wrong.addAll(unknown(s.qualifiedName(), t));
      }
    }
    assertEquals(List.of(), wrong);
  }

  @Test
  void readmeAndMessagesNameRealCommandsAndOptions() throws IOException {
    List<String> wrong = new ArrayList<>();
    String readme = Files.readString(ROOT.resolve("README.md"));
    wrong.addAll(unknown("README.md", readme));
    try (Stream<Path> s = Files.walk(ROOT.resolve("analyzer/src/main"))) {
      for (Path f : s.filter(Files::isRegularFile).toList()) {
        wrong.addAll(unknown(f.toString(), Files.readString(f)));
      }
    }
    assertEquals(List.of(), wrong);
  }

  /** The mentions in {@code text} of a command or an option that does not exist. */
  private static List<String> unknown(String where, String text) {
    List<String> out = new ArrayList<>();
    Matcher m = MENTION.matcher(text);
    while (m.find()) {
      CommandLine sub = CL.getSubcommands().get(m.group(1));
      if (sub == null) {
        // prose ("audit can name", "proxy-audit developers") is not a command line
        if (!m.group(2).isBlank() && m.group(2).strip().startsWith("-")
            || text.charAt(Math.max(0, m.start() - 1)) == '\'') {
          out.add(where + ": no command '" + m.group(0).strip() + "'");
        }
        continue;
      }
      Matcher o = OPTION.matcher(m.group(2));
      while (o.find()) {
        if (sub.getCommandSpec().findOption(o.group()) == null) {
          out.add(where + ": no option " + o.group() + " in '" + m.group(0).strip() + "'");
        }
      }
    }
    return out;
  }

  private static List<CommandLine> commands(CommandLine root) {
    List<CommandLine> all = new ArrayList<>(List.of(root));
    root.getSubcommands().values().forEach(c -> all.addAll(commands(c)));
    return all;
  }

  @Test
  void thePolicyHelpNamesAWayToPrintIt() throws IOException {
    Run r = SampleLogsEndToEndTest.audit("who", "--print-default-policy");
    assertEquals(0, r.code(), r.err());
    assertEquals(Policy.defaultText(), r.out());
    assertTrue(r.out().contains("watch.ports = 25\n"), r.out());
    // what it prints is a policy file that gives the built-in policy
    Path copy = Files.writeString(tmp.resolve("policy.properties"), r.out());
    try {
      assertEquals(Policy.defaults(), Policy.load(copy));
    } catch (Policy.PolicyException e) {
      throw new AssertionError(e);
    }
  }
}
