package dev.proxyaudit.analyzer.judge;

import dev.proxyaudit.analyzer.config.KeyValueFile;
import dev.proxyaudit.analyzer.config.KeyValueFile.Value;
import dev.proxyaudit.rules.IpLiteral;
import dev.proxyaudit.rules.Ports;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What is watched and what counts as abuse: the defaults in {@code default-policy.properties},
 * overridden key by key by the operator's file.
 *
 * @param watchPorts ports whose connections are judged
 * @param reportPorts ports reported but not judged
 * @param connectionsPerHour abuse when reached in any 60-minute window
 * @param destinationsPerHour distinct destinations: abuse when reached in any 60-minute window
 * @param failedShare abuse when this share of attempts was blocked...
 * @param failedMinAttempts ...and there were at least this many
 * @param allowUsers users that may send mail
 * @param allowClients client IPs (canonical) that may send mail
 * @param blockedPrefixWords prefix words that mark dropped or rejected packets
 * @param joinBeforeSeconds join window before the proxy line
 * @param joinAfterSeconds join window after the proxy line
 */
public record Policy(
    List<Integer> watchPorts,
    List<Integer> reportPorts,
    int connectionsPerHour,
    int destinationsPerHour,
    double failedShare,
    int failedMinAttempts,
    Set<String> allowUsers,
    Set<String> allowClients,
    List<String> blockedPrefixWords,
    int joinBeforeSeconds,
    int joinAfterSeconds) {

  private static final String DEFAULTS = "default-policy.properties";

  /** A mistake in a policy file, with its file and line. */
  public static final class PolicyException extends Exception {
    public PolicyException(String message) {
      super(message);
    }
  }

  public static Policy defaults() {
    try {
      return parse(defaultValues());
    } catch (PolicyException e) {
      throw new IllegalStateException("built-in policy: " + e.getMessage(), e);
    }
  }

  /** The defaults, overridden by {@code file}. */
  public static Policy load(Path file) throws IOException, PolicyException {
    Map<String, Value> values = defaultValues();
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      KeyValueFile.read(r, file.toString(), values, true);
    } catch (KeyValueFile.LineException e) {
      throw new PolicyException(e.getMessage());
    }
    return parse(values);
  }

  /** All watched and reported ports: what {@code who} asks about by default. */
  public List<Integer> allPorts() {
    TreeSet<Integer> all = new TreeSet<>(watchPorts);
    all.addAll(reportPorts);
    return List.copyOf(all);
  }

  public boolean watched(int port) {
    return watchPorts.contains(port);
  }

  /** The built-in policy file, comments included: what {@code --print-default-policy} prints. */
  public static String defaultText() {
    try (InputStream in = Policy.class.getResourceAsStream(DEFAULTS)) {
      if (in == null) {
        throw new IllegalStateException(DEFAULTS + " missing from the jar");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException("built-in policy: " + e.getMessage(), e);
    }
  }

  private static Map<String, Value> defaultValues() {
    Map<String, Value> values = new LinkedHashMap<>();
    try {
      KeyValueFile.read(new StringReader(defaultText()), "(built-in policy)", values, false);
    } catch (IOException | KeyValueFile.LineException e) {
      throw new IllegalStateException("built-in policy: " + e.getMessage(), e);
    }
    return values;
  }

  private static Policy parse(Map<String, Value> v) throws PolicyException {
    List<Integer> watch = ports(v, "watch.ports");
    List<Integer> report = ports(v, "report.ports");
    if (watch.isEmpty()) {
      throw new PolicyException(v.get("watch.ports").where() + ": watch.ports: at least one port");
    }
    double share = share(v, "abuse.failed_share");
    Set<String> clients = new TreeSet<>();
    for (String c : list(v, "allow.clients")) {
      String ip = IpLiteral.canonical(c).orElse(null);
      if (ip == null) {
        throw new PolicyException(
            v.get("allow.clients").where() + ": allow.clients: not an IP address: '" + c + "'");
      }
      clients.add(ip);
    }
    return new Policy(
        watch,
        report,
        whole(v, "abuse.connections_per_hour", 1),
        whole(v, "abuse.destinations_per_hour", 1),
        share,
        whole(v, "abuse.failed_min_attempts", 1),
        Set.copyOf(list(v, "allow.users")),
        Set.copyOf(clients),
        list(v, "blocked.prefix_words"),
        whole(v, "join.before_seconds", 0),
        whole(v, "join.after_seconds", 0));
  }

  private static List<Integer> ports(Map<String, Value> v, String key) throws PolicyException {
    Value val = v.get(key);
    if (val.text().isEmpty()) {
      return List.of();
    }
    try {
      return Ports.parseList(val.text());
    } catch (IllegalArgumentException e) {
      throw new PolicyException(val.where() + ": " + key + ": " + e.getMessage());
    }
  }

  private static int whole(Map<String, Value> v, String key, int min) throws PolicyException {
    Value val = v.get(key);
    try {
      int n = Integer.parseInt(val.text());
      if (n < min) {
        throw new PolicyException(val.where() + ": " + key + ": must be at least " + min);
      }
      return n;
    } catch (NumberFormatException e) {
      throw new PolicyException(
          val.where() + ": " + key + ": not a whole number: '" + val.text() + "'");
    }
  }

  private static double share(Map<String, Value> v, String key) throws PolicyException {
    Value val = v.get(key);
    try {
      double d = Double.parseDouble(val.text());
      if (!(d > 0 && d <= 1)) {
        throw new PolicyException(val.where() + ": " + key + ": must be in (0, 1]");
      }
      return d;
    } catch (NumberFormatException e) {
      throw new PolicyException(val.where() + ": " + key + ": not a number: '" + val.text() + "'");
    }
  }

  private static List<String> list(Map<String, Value> v, String key) {
    List<String> out = new ArrayList<>();
    for (String part : v.get(key).text().split(",")) {
      String p = part.strip();
      if (!p.isEmpty()) {
        out.add(p);
      }
    }
    return List.copyOf(out);
  }
}
