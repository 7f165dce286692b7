package dev.proxyaudit.analyzer.cli;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
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
    // at build time the classes carry no manifest yet: the pom passes the version
    String version = args.length > 1 ? args[1] : "(development build)";
    // the build's fixed output time stamp, not today: the same sources give the same page
    LocalDate date =
        args.length > 2
            ? Instant.parse(args[2]).atZone(ZoneOffset.UTC).toLocalDate()
            : LocalDate.of(2026, 11, 28);
    Files.createDirectories(dir);
    CommandLine cl = AuditCommand.full(Map.of());
    // bash-completion sources the file: a #! line has no use there (lintian warns about it)
    String completion = AutoComplete.bash("audit", cl).replaceFirst("\\A#![^\n]*\n", "");
    Files.writeString(dir.resolve("audit_completion"), completion, StandardCharsets.UTF_8);
    String man = manPage(cl, version, date);
    Files.writeString(dir.resolve("audit.1"), man, StandardCharsets.UTF_8);
    // Debian installs man pages compressed with gzip -9
    Files.write(dir.resolve("audit.1.gz"), gzip9(man.getBytes(StandardCharsets.UTF_8)));
    Files.write(
        dir.resolve("changelog.gz"),
        gzip9(changelog(version, date).getBytes(StandardCharsets.UTF_8)));
  }

  /**
   * gzip -9 as gzip(1) writes it: Java's GZIPOutputStream always marks its header "default
   * compression" (XFL 0), which Debian's lintian reads as a poorly compressed man page.
   */
  static byte[] gzip9(byte[] data) {
    Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
    d.setInput(data);
    d.finish();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    // magic, deflate, no flags, no time stamp (reproducible), XFL 2 = best, OS 3 = Unix
    out.writeBytes(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 2, 3});
    byte[] buf = new byte[8192];
    while (!d.finished()) {
      out.write(buf, 0, d.deflate(buf));
    }
    d.end();
    CRC32 crc = new CRC32();
    crc.update(data);
    ByteBuffer trailer = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
    trailer.putInt((int) crc.getValue()).putInt(data.length);
    out.writeBytes(trailer.array());
    return out.toByteArray();
  }

  /**
   * The Debian changelog of this build (Debian policy wants one in every package); the changes
   * themselves are in the git history. The version as jdeb writes it: -SNAPSHOT becomes ~SNAPSHOT.
   */
  // what `date -R` prints, as dpkg-parsechangelog wants it
  private static final DateTimeFormatter CHANGELOG_DATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss Z", Locale.ROOT);

  static String changelog(String version, LocalDate date) {
    return "proxy-audit ("
        + version.replace("-SNAPSHOT", "~SNAPSHOT")
        + ") unstable; urgency=medium\n\n"
        + "  * Built from the proxy-audit source tree; the changes are in its git history.\n\n"
        + " -- proxy-audit developers <proxy-audit@example.invalid>  "
        + CHANGELOG_DATE.format(date.atStartOfDay(ZoneOffset.UTC))
        + "\n";
  }

  static String manPage(CommandLine root, String version, LocalDate date) {
    StringBuilder m = new StringBuilder();
    m.append(".TH AUDIT 1 \"").append(date).append("\" \"proxy-audit ");
    m.append(esc(version)).append("\" \"User Commands\"\n");
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
