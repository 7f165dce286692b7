package dev.proxyaudit.analyzer.cli;

import dev.proxyaudit.analyzer.index.IngestOptions;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** How to read log files: zone, year, boot time. */
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
    return IngestOptions.defaults().withZone(zone).withYear(year).withBootTime(boot);
  }
}
