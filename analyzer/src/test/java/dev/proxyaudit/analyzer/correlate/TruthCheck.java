package dev.proxyaudit.analyzer.correlate;

import com.fasterxml.jackson.databind.JsonNode;
import dev.proxyaudit.analyzer.query.KernelHit;
import dev.proxyaudit.analyzer.query.ProxyHit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Checks a correlation against a lab run's truth.json (lab/truth.py): for each delivered
 * connection, the proxy's source address and port as the mail server saw it, which is the kernel
 * line's SRC= and SPT=, and who made it.
 */
public final class TruthCheck {
  private TruthCheck() {}

  /** "source-ip source-port" of each delivered connection to a port -> "service/user". */
  public static Map<String, String> authorsByEgress(JsonNode truth, List<Integer> ports) {
    Map<String, String> m = new HashMap<>();
    for (JsonNode c : truth) {
      if (c.get("egress").isNull() || !ports.contains(c.get("port").asInt())) {
        continue;
      }
      String egress = c.get("egress").asText(); // "203.0.113.1:59226" or "[2001:db8::1]:345"
      int colon = egress.lastIndexOf(':');
      String ip = egress.substring(0, colon).replace("[", "").replace("]", "");
      boolean v2ray = c.get("service").asText().equals("v2ray");
      String user =
          v2ray
              ? "v2ray/" + (c.get("user").isNull() ? "null" : c.get("user").asText())
              : "shadowsocks/" + c.get("server_port").asText();
      m.put(ip + " " + egress.substring(colon + 1), user);
    }
    return m;
  }

  /**
   * "source-ip source-port" of each delivered connection to a port -> "service/user dest:port", the
   * request that made it (dest as the client asked for it).
   */
  public static Map<String, String> requestsByEgress(JsonNode truth, List<Integer> ports) {
    Map<String, String> authors = authorsByEgress(truth, ports);
    Map<String, String> m = new HashMap<>();
    for (JsonNode c : truth) {
      if (c.get("egress").isNull() || !ports.contains(c.get("port").asInt())) {
        continue;
      }
      String egress = c.get("egress").asText();
      int colon = egress.lastIndexOf(':');
      String key =
          egress.substring(0, colon).replace("[", "").replace("]", "")
              + " "
              + egress.substring(colon + 1);
      m.put(key, authors.get(key) + " " + c.get("dest").asText() + ":" + c.get("port").asInt());
    }
    return m;
  }

  /**
   * Every kernel connection the truth knows the request of, joined to a line of that user for that
   * destination: the connection is the line's own, not a neighbour's of the same second.
   */
  public static Outcome checkRequests(Correlation c, Map<String, String> requests) {
    int checked = 0;
    List<String> wrong = new ArrayList<>();
    for (KernelConnection k : c.connections()) {
      KernelHit h = k.first();
      String request = requests.get(h.sourceIp() + " " + h.sourcePort());
      if (request == null) {
        continue;
      }
      checked++;
      ProxyHit owner = c.owner().get(k);
      String named =
          owner == null
              ? "(unattributed)"
              : owner.service().id()
                  + "/"
                  + owner.user()
                  + " "
                  + owner.destination().replace("[", "").replace("]", "")
                  + ":"
                  + owner.port();
      if (!request.equals(named)) {
        wrong.add(h.sourceIp() + ":" + h.sourcePort() + " truth " + request + ", joined " + named);
      }
    }
    return new Outcome(checked, wrong);
  }

  /** The result of checking every kernel connection that the truth has an author for. */
  public record Outcome(int checked, List<String> wrong) {}

  public static Outcome check(Correlation c, Map<String, String> authors) {
    int checked = 0;
    List<String> wrong = new ArrayList<>();
    for (KernelConnection k : c.connections()) {
      KernelHit h = k.first();
      String author = authors.get(h.sourceIp() + " " + h.sourcePort());
      if (author == null) {
        continue; // a blocked attempt never reached a server: the truth has no egress for it
      }
      checked++;
      ProxyHit owner = c.owner().get(k);
      String named = owner == null ? "(unattributed)" : owner.service().id() + "/" + owner.user();
      if (!author.equals(named)) {
        wrong.add(h.sourceIp() + ":" + h.sourcePort() + " truth " + author + ", named " + named);
      }
    }
    return new Outcome(checked, wrong);
  }
}
