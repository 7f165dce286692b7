package dev.proxyaudit.analyzer.cli;

import dev.proxyaudit.analyzer.index.IngestOptions;
import dev.proxyaudit.analyzer.parse.PortNames;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** How to read log files: zone, year, boot time, Shadowsocks port names. */
final class ReadOptions {
  @Option(
      names = "--tz",
      paramLabel = "ZONE",
      description =
          "Time zone of log times that carry none (V2Ray, shadowsocks-libev, syslog), e.g."
              + " Europe/Berlin or UTC (default: the system's).")
  String tz;

  @Option(
      names = "--year",
      paramLabel = "YEAR",
      description =
          "Year of the first line in syslog files without years (default: from each file's"
              + " modification time).")
  Integer year;

  @Option(
      names = "--boot-time",
      paramLabel = "TIME",
      description =
          "Boot time of the kernel that wrote dmesg uptimes, e.g. 2026-11-28T03:26:02Z (default:"
              + " learned from kern.log lines that carry both times).")
  String bootTime;

  @Option(
      names = "--users",
      paramLabel = "FILE",
      description = "Names for Shadowsocks server ports, one 'port=name' per line.")
  Path users;

  ZoneId zone(CommandLine cmd) {
    if (tz == null) {
      return ZoneId.systemDefault();
    }
    try {
      return ZoneId.of(tz);
    } catch (DateTimeException e) {
      throw new CommandLine.ParameterException(
          cmd, "unknown time zone '" + tz + "' (use a name like Europe/Berlin, or UTC, or +08:00)");
    }
  }

  IngestOptions toOptions(CommandLine cmd) {
    ZoneId zone = zone(cmd);
    if (year != null && (year < 1970 || year > 2200)) {
      throw new CommandLine.ParameterException(cmd, "--year " + year + " is not a plausible year");
    }
    Instant boot = bootTime == null ? null : TimeArgument.parse(cmd, "--boot-time", bootTime, zone);
    return IngestOptions.defaults()
        .withZone(zone)
        .withYear(year)
        .withBootTime(boot)
        .withPortNames(portNames(cmd));
  }

  private PortNames portNames(CommandLine cmd) {
    if (users == null) {
      return PortNames.NONE;
    }
    try {
      return PortNames.read(users);
    } catch (NoSuchFileException e) {
      throw new CommandLine.ParameterException(cmd, users + ": no such file (--users)");
    } catch (IOException e) {
      throw new CommandLine.ParameterException(cmd, users + ": cannot read: " + e.getMessage());
    } catch (PortNames.InvalidFileException e) {
      throw new CommandLine.ParameterException(cmd, e.getMessage());
    }
  }
}
