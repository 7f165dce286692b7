package dev.proxyaudit.analyzer.config;

import dev.proxyaudit.analyzer.event.Service;
import dev.proxyaudit.rules.Ports;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Names for Shadowsocks server ports: shadowsocks-libev logs only the port of the user's server.
 * The index keeps the port; names are applied when an answer is printed, so renaming needs no
 * re-ingest.
 *
 * <p>The file has one {@code port=name} per line; blank lines and {@code #} comments are allowed.
 */
public final class PortNames {
  public static final PortNames NONE = new PortNames(Map.of());

  private final Map<Integer, String> names;

  private PortNames(Map<Integer, String> names) {
    this.names = names;
  }

  /** Reads a port-name file. */
  public static PortNames read(Path file) throws IOException, InvalidFileException {
    Map<Integer, String> names = new HashMap<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        String t = line.strip();
        if (t.isEmpty() || t.startsWith("#")) {
          continue;
        }
        int eq = t.indexOf('=');
        int port = eq < 0 ? -1 : Ports.parse(t.substring(0, eq).strip());
        String name = eq < 0 ? "" : t.substring(eq + 1).strip();
        if (port < 1 || name.isEmpty()) {
          throw new InvalidFileException(file + ":" + n + ": expected port=name, got '" + t + "'");
        }
        names.put(port, name);
      }
    }
    return new PortNames(Map.copyOf(names));
  }

  /** The name of a server port, or null. */
  public String nameOf(int port) {
    return names.get(port);
  }

  /** A logged user as printed: a Shadowsocks port that has a name becomes the name. */
  public String label(Service service, String user) {
    if (names.isEmpty() || user == null || service != Service.SHADOWSOCKS) {
      return user;
    }
    int port = Ports.parse(user);
    String name = port > 0 ? names.get(port) : null;
    return name != null ? name : user;
  }

  /** Thrown for a file the operator wrote with a mistake in it; the message names the line. */
  public static final class InvalidFileException extends Exception {
    public InvalidFileException(String message) {
      super(message);
    }
  }
}
