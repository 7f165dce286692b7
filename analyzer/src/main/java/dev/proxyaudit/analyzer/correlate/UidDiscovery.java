package dev.proxyaudit.analyzer.correlate;

import dev.proxyaudit.analyzer.event.Service;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Finds, on the live host, which uid runs which proxy: the processes now running (v2ray, xray,
 * ss-server, ssserver, ss-manager) and the accounts named after them in the passwd database.
 * Read-only; used when the operator gives no {@code --uid}.
 */
public final class UidDiscovery {
  private static final Map<String, Service> PROGRAMS =
      Map.of(
          "v2ray", Service.V2RAY,
          "xray", Service.V2RAY,
          "ss-server", Service.SHADOWSOCKS,
          "ss-manager", Service.SHADOWSOCKS,
          "ssserver", Service.SHADOWSOCKS,
          "ssmanager", Service.SHADOWSOCKS,
          "sing-box", Service.SING_BOX);

  private static final Map<String, Service> ACCOUNTS =
      Map.of(
          "v2ray", Service.V2RAY,
          "xray", Service.V2RAY,
          "shadowsocks", Service.SHADOWSOCKS,
          "shadowsocks-libev", Service.SHADOWSOCKS,
          "ss-server", Service.SHADOWSOCKS,
          "sing-box", Service.SING_BOX);

  private UidDiscovery() {}

  public static UidServices discover(Path proc, Path passwd) {
    Map<Integer, Set<Service>> found = new HashMap<>();
    fromProcesses(proc, found);
    fromAccounts(passwd, found);
    return new UidServices(found);
  }

  /**
   * How many processes of {@code service} each uid runs now: an ss-server uid with one process is
   * that instance's own; with several, a rule on the uid would block them all.
   */
  public static Map<Integer, Integer> processesPerUid(Path proc, Service service) {
    Map<Integer, Integer> n = new HashMap<>();
    eachProxyProcess(
        proc,
        (s, uid) -> {
          if (s == service) {
            n.merge(uid, 1, Integer::sum);
          }
        });
    return n;
  }

  private static void fromProcesses(Path proc, Map<Integer, Set<Service>> found) {
    eachProxyProcess(
        proc, (s, uid) -> found.computeIfAbsent(uid, u -> EnumSet.noneOf(Service.class)).add(s));
  }

  /** Each running proxy process (by its {@code comm}) with its effective uid. */
  private static void eachProxyProcess(Path proc, BiConsumer<Service, Integer> each) {
    try (DirectoryStream<Path> pids = Files.newDirectoryStream(proc, "[0-9]*")) {
      for (Path pid : pids) {
        try {
          Service service = PROGRAMS.get(Files.readString(pid.resolve("comm")).strip());
          if (service == null) {
            continue;
          }
          Integer uid = effectiveUid(Files.readAllLines(pid.resolve("status")));
          if (uid != null) {
            each.accept(service, uid);
          }
        } catch (IOException e) {
          // the process ended while we looked: skip it
        }
      }
    } catch (IOException e) {
      // no /proc (not Linux, or a restricted container): nothing to learn
    }
  }

  /** {@code Uid:\treal\teffective\tsaved\tfs}: sockets carry the fs/effective uid. */
  static Integer effectiveUid(List<String> status) {
    for (String line : status) {
      if (line.startsWith("Uid:")) {
        String[] f = line.substring(4).strip().split("\\s+");
        if (f.length >= 2) {
          try {
            return Integer.parseInt(f[1]);
          } catch (NumberFormatException e) {
            return null;
          }
        }
      }
    }
    return null;
  }

  private static void fromAccounts(Path passwd, Map<Integer, Set<Service>> found) {
    try {
      for (String line : Files.readAllLines(passwd)) {
        String[] f = line.split(":", -1);
        if (f.length < 3) {
          continue;
        }
        Service service = ACCOUNTS.get(f[0]);
        if (service != null) {
          try {
            found
                .computeIfAbsent(Integer.parseInt(f[2]), u -> EnumSet.noneOf(Service.class))
                .add(service);
          } catch (NumberFormatException e) {
            // a broken passwd line: skip it
          }
        }
      }
    } catch (IOException e) {
      // no passwd file to read
    }
  }
}
