package dev.proxyaudit.analyzer.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The run a class-data sharing archive is recorded from, at build time and by the package's
 * postinst: {@code java -XX:ArchiveClassesAtExit=audit.jsa -cp proxy-audit.jar
 * dev.proxyaudit.analyzer.cli.CdsTraining}. Version, every command's help, a usage error and {@code
 * who} on a few log lines in a temporary index, so that the archive holds the classes of picocli,
 * the parsers, Lucene and the reports. Prints nothing; reads nothing of the host.
 */
public final class CdsTraining {
  private CdsTraining() {}

  // one line of each kind the sample logs have (sample-logs/, the lab run of 2026-11-28)
  private static final Map<String, String> LOGS =
      Map.of(
          "access.log",
          "2026/11/28 05:53:11 198.51.100.11:41913 accepted tcp:203.0.113.25:25 [direct] email:"
              + " alice@example.com\n",
          "kern.log",
          "2026-11-28T05:53:11.635627+01:00 pa-vps kernel: [ 1205.804791] PA-SMTP-OUT: IN="
              + " OUT=pa-p1 SRC=203.0.113.1 DST=203.0.113.25 LEN=60 TOS=0x00 PREC=0x00 TTL=64"
              + " ID=8228 DF PROTO=TCP SPT=59226 DPT=25 WINDOW=64240 RES=0x00 SYN URGP=0"
              + " UID=65534 GID=65534 \n",
          "ss-server-8388.log",
          " 2026-11-28 05:53:09 INFO: [8388] connect to 203.0.113.25:25\n");

  public static void main(String[] args) throws IOException {
    Path tmp = Files.createTempDirectory("audit-cds-");
    try {
      Path logs = Files.createDirectory(tmp.resolve("logs"));
      for (Map.Entry<String, String> log : LOGS.entrySet()) {
        Files.writeString(logs.resolve(log.getKey()), log.getValue());
      }
      String index = tmp.resolve("index").toString();
      run("--version");
      for (String name : AuditCommand.NAMES) {
        run(name, "--help");
      }
      run("whoo");
      List<String> who =
          List.of("who", "--index", index, "--tz", "Europe/Berlin", "--year", "2026", "--uid");
      run(Stream.concat(who.stream(), Stream.of("v2ray=65534", logs.toString())));
      run(Stream.concat(who.stream(), Stream.of("v2ray=65534", "--output", "json")));
    } finally {
      try (Stream<Path> all = Files.walk(tmp)) {
        for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }

  private static void run(Stream<String> args) {
    run(args.toArray(String[]::new));
  }

  private static void run(String... args) {
    PrintWriter none = new PrintWriter(Writer.nullWriter());
    Main.run(args, none, none, Map.of());
  }
}
