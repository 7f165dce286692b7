package dev.proxyaudit.rules;

import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What to block, already validated: the input of every {@link RuleWriter}.
 *
 * @param generated when the plan was made (goes into the headers)
 * @param command the command line that made it, for the headers
 * @param ports destination ports to block
 * @param allowUids local uids that may still connect to those ports (a local MTA)
 * @param allowDestinations destinations that may still be reached (a relay the operator uses)
 * @param offenders the findings behind the plan (may be empty for a blanket block)
 * @param dropClients client addresses to drop on INPUT (offenders' clients, when asked)
 * @param neverBlock networks that are never dropped, whatever a finding says (the operator's SSH)
 * @param loadDir the folder the files are written to, for their load instructions; a path that is
 *     not absolute or has characters beyond {@code A-Za-z0-9._+-/} is shown as {@code DIR}
 * @param scope whose mail the netfilter files block
 */
public record BlockPlan(
    Instant generated,
    String command,
    List<Integer> ports,
    List<Integer> allowUids,
    List<Cidr> allowDestinations,
    List<Offender> offenders,
    List<String> dropClients,
    List<Cidr> neverBlock,
    String loadDir,
    Scope scope) {

  /** Whose connections to the ports the iptables and nftables files block. */
  public enum Scope {
    /** Every process's (and forwarded traffic): the port is closed. */
    EVERYONE,
    /**
     * Only the offenders' own processes: a Shadowsocks user whose ss-server instance runs as a uid
     * of its own (Debian's shadowsocks-libev-server@.service: DynamicUser) is blocked by that uid;
     * everyone else keeps the port. V2Ray users share one process: its routing snippet blocks them.
     */
    OFFENDERS
  }

  /** The offenders these files block by uid (scope {@link Scope#OFFENDERS}). */
  public List<Offender> blockedByUid() {
    return offenders.stream().filter(o -> o.uid() != null).toList();
  }

  /** What {@link #loadDir()} shows when the real folder cannot be written into a comment. */
  public static final String DIR_PLACEHOLDER = "DIR";

  // A comment line that is pasted into a shell: nothing that needs quoting.
  private static final Pattern SAFE_DIR = Pattern.compile("/[A-Za-z0-9._+/-]*");

  /** The prefix of the LOG rule, so the next night's run sees what was blocked ("block"). */
  public static final String LOG_PREFIX = "PROXY-AUDIT-BLOCK: ";

  public BlockPlan {
    if (ports.isEmpty()) {
      throw new IllegalArgumentException("no port to block");
    }
    for (int p : ports) {
      if (p < 1 || p > 65535) {
        throw new IllegalArgumentException("port out of range: " + p);
      }
    }
    for (int u : allowUids) {
      if (u < 0) {
        throw new IllegalArgumentException("negative uid: " + u);
      }
    }
    if (scope == null) {
      throw new IllegalArgumentException("no scope");
    }
    ports = List.copyOf(ports);
    allowUids = List.copyOf(allowUids);
    allowDestinations = List.copyOf(allowDestinations);
    offenders = List.copyOf(offenders);
    neverBlock = List.copyOf(neverBlock);
    loadDir = loadDir != null && SAFE_DIR.matcher(loadDir).matches() ? loadDir : DIR_PLACEHOLDER;
    // The allow-list wins over every finding, and only literals get through.
    List<Cidr> never = neverBlock;
    dropClients =
        dropClients.stream()
            .filter(IpLiteral::isIp)
            .map(c -> IpLiteral.canonical(c).get())
            .filter(c -> never.stream().noneMatch(n -> n.contains(c)))
            .distinct()
            .toList();
  }

  /** The clients to drop of one family. */
  public List<String> dropClients(boolean v6) {
    return dropClients.stream().filter(c -> (c.indexOf(':') >= 0) == v6).toList();
  }

  /** The allowed destinations of one family. */
  public List<Cidr> allowDestinations(boolean v6) {
    return allowDestinations.stream().filter(c -> c.v6() == v6).toList();
  }

  /** The path of a rule file as the load instructions show it. */
  public String loadPath(String fileName) {
    return (loadDir.endsWith("/") ? loadDir : loadDir + "/") + fileName;
  }

  /** "25" or "25,465". */
  public String portList() {
    return String.join(",", ports.stream().map(String::valueOf).toList());
  }
}
