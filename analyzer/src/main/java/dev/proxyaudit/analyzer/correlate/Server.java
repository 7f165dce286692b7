package dev.proxyaudit.analyzer.correlate;

/**
 * The address a proxy line went to, and how the logs tell it.
 *
 * @param ip the server's address
 * @param source where that address comes from
 */
public record Server(String ip, Source source) {
  /** How the address of a line is known, most direct first. */
  public enum Source {
    /** The line names the IP itself. */
    LINE("named by the line"),
    /** The proxy's dial line for this request names it. */
    DIAL("from its dial line"),
    /** Another request's dial line (or exact join) resolved the same name to it. */
    LEARNED("from another request's dial line"),
    /** The packets joined by time to the lines for this name kept going there. */
    INFERRED("inferred from the packets of this name's lines"),
    /** The kernel packet joined to the line went there. */
    PACKET("from its packet");

    private final String label;

    Source(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }
}
