package dev.proxyaudit.analyzer.index;

/**
 * Every field of the event index, its Lucene type and why (one place, as Lucene's demo does).
 *
 * <p>Names follow the Elastic Common Schema where it has one, so the same events can later go to
 * OpenSearch or Elasticsearch. Keyword fields carry sorted-set doc values for group-by; numbers are
 * points (range queries) plus doc values; the raw line is the only stored field.
 */
public final class EventSchema {
  private EventSchema() {}

  /** Bumped when a field changes meaning or type; an index with another value is refused. */
  public static final String VERSION = "1";

  /** LongField, epoch milliseconds: range queries by time, first/last seen. */
  public static final String TIMESTAMP = "@timestamp";

  /** LongField, microseconds since boot, for kernel lines that have no wall-clock time. */
  public static final String UPTIME = "kernel.uptime_us";

  /** KeywordField: the log format ({@code v2ray.access}, {@code netfilter.log}, ...). */
  public static final String DATASET = "event.dataset";

  /** KeywordField: {@code v2ray}, {@code shadowsocks} or {@code netfilter}; the who grouping. */
  public static final String SERVICE = "service.name";

  /** KeywordField: accepted, rejected, logged. */
  public static final String ACTION = "event.action";

  /** KeywordField: the proxy user (V2Ray e-mail, Shadowsocks port or its name). */
  public static final String USER = "user.name";

  /** IntField: the proxy's own listening port when logged (shadowsocks-libev). */
  public static final String SERVER_PORT = "server.port";

  /** KeywordField: the source exactly as logged (IP, {@code unix:@sock}, masked). */
  public static final String SOURCE_ADDRESS = "source.address";

  /** KeywordField: canonical source IP (client for proxies, SRC for packets). */
  public static final String SOURCE_IP = "source.ip";

  /** IntField: source port (the client's, or the proxy's ephemeral port in packet logs). */
  public static final String SOURCE_PORT = "source.port";

  /** KeywordField: destination host exactly as logged. */
  public static final String DESTINATION_ADDRESS = "destination.address";

  /** KeywordField: destination when it is a valid DNS name. */
  public static final String DESTINATION_DOMAIN = "destination.domain";

  /** KeywordField: canonical destination IP when known. */
  public static final String DESTINATION_IP = "destination.ip";

  /** IntField: destination port, the field {@code who --port} filters on. */
  public static final String DESTINATION_PORT = "destination.port";

  /** KeywordField: tcp or udp. */
  public static final String TRANSPORT = "network.transport";

  /** KeywordField: V2Ray/Xray inbound tag. */
  public static final String INBOUND = "proxy.inbound";

  /** KeywordField: V2Ray/Xray outbound tag (direct, block, ...). */
  public static final String OUTBOUND = "proxy.outbound";

  /** KeywordField: the netfilter rule's log prefix. */
  public static final String PREFIX = "netfilter.prefix";

  /** KeywordField: netfilter hook guessed from IN=/OUT= (input, output, forward). */
  public static final String DIRECTION = "netfilter.direction";

  /** KeywordField: the OUT= interface. */
  public static final String OUT_INTERFACE = "observer.egress.interface.name";

  /** IntField: {@code UID=} of the local socket: which program sent the packet. */
  public static final String UID = "process.user.id";

  /** IntField: {@code GID=} of the local socket. */
  public static final String GID = "process.group.id";

  /** KeywordField: path the line was read from. */
  public static final String FILE_PATH = "log.file.path";

  /** KeywordField: identity of the file's content; with the offset, the event's id. */
  public static final String FILE_KEY = "log.file.key";

  /** LongField: byte offset of the line in its (decompressed) file. */
  public static final String OFFSET = "log.offset";

  /** LongField: line number in its file. */
  public static final String LINE = "log.line";

  /** StoredField: the raw line, kept (compressed) as evidence after the log is rotated away. */
  public static final String ORIGINAL = "event.original";
}
