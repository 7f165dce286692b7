package dev.proxyaudit.analyzer.cli;

import dev.proxyaudit.analyzer.config.PortNames;
import dev.proxyaudit.analyzer.correlate.UidDiscovery;
import dev.proxyaudit.analyzer.correlate.UidServices;
import dev.proxyaudit.analyzer.judge.Policy;
import dev.proxyaudit.analyzer.judge.WhoService;
import dev.proxyaudit.analyzer.parse.IoErrors;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/** Options of the commands that correlate and judge: the policy, the proxies' uids, names. */
final class JudgeOptions {
  @Option(
      names = "--policy",
      paramLabel = "FILE",
      description =
          "Policy file: watched ports, abuse limits, allow-list (default: the built-in one;"
              + " 'audit who --print-default-policy' prints it).")
  Path policyFile;

  @Option(
      names = "--uid",
      paramLabel = "SERVICE=UID",
      description =
          "Which uid runs which proxy (v2ray, shadowsocks or sing-box), repeatable, e.g. --uid"
              + " v2ray=65534 --uid shadowsocks=999. Default: the running v2ray/xray/ss-server"
              + " processes and the accounts named after them on this host; 'none' turns that off.")
  List<String> uids = new ArrayList<>(); // a list, not a Map: 'none' has no '='

  @Option(
      names = "--users",
      paramLabel = "FILE",
      description =
          "Names for Shadowsocks server ports, one 'port=name' per line; applied to the answer,"
              + " so a new name needs no re-ingest.")
  Path users;

  PortNames portNames(CommandLine cmd) {
    if (users == null) {
      return PortNames.NONE;
    }
    try {
      return PortNames.read(users);
    } catch (NoSuchFileException e) {
      throw new CommandLine.ParameterException(cmd, "--users: " + users + ": no such file");
    } catch (IOException e) {
      throw new CommandLine.ParameterException(cmd, "--users: " + IoErrors.describe(users, e));
    } catch (PortNames.InvalidFileException e) {
      throw new CommandLine.ParameterException(cmd, "--users: " + e.getMessage());
    }
  }

  Policy policy(CommandLine cmd) {
    if (policyFile == null) {
      return Policy.defaults();
    }
    try {
      return Policy.load(policyFile);
    } catch (NoSuchFileException e) {
      throw new CommandLine.ParameterException(cmd, "--policy: " + policyFile + ": no such file");
    } catch (IOException e) {
      throw new CommandLine.ParameterException(
          cmd, "--policy: " + IoErrors.describe(policyFile, e));
    } catch (Policy.PolicyException e) {
      throw new CommandLine.ParameterException(cmd, "--policy: " + e.getMessage());
    }
  }

  UidServices uidServices(CommandLine cmd) {
    if (uids.isEmpty()) {
      return UidDiscovery.discover(Path.of("/proc"), Path.of("/etc/passwd"));
    }
    Map<String, Integer> byService = new LinkedHashMap<>();
    for (String pair : uids) {
      if (pair.equals("none")) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw new CommandLine.ParameterException(
            cmd, "--uid: expected SERVICE=UID or none, got '" + pair + "'");
      }
      String name = pair.substring(0, eq);
      String uid = pair.substring(eq + 1);
      try {
        byService.put(name, UidServices.parsePair(name, uid));
      } catch (UidServices.BadPairException ex) {
        throw new CommandLine.ParameterException(
            cmd,
            ex.unknownService()
                ? "--uid: unknown service '" + name + "' (v2ray, shadowsocks or sing-box)"
                : "--uid " + name + ": not a uid: '" + uid + "'");
      }
    }
    return UidServices.of(byService);
  }

  WhoService service(CommandLine cmd, ZoneId zone) {
    return new WhoService(policy(cmd), uidServices(cmd), zone, portNames(cmd));
  }
}
