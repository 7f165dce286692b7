package dev.proxyaudit.analyzer.index;

/**
 * Every field of the event index, its Lucene type and why (one place, as Lucene's demo does).
 *
 * <p>Names follow the Elastic Common Schema where it has one, so the same events can later go to
 * OpenSearch or Elasticsearch. Only what a query selects on is indexed for search: the time and the
 * destination port (points), dataset, service, user, source IP and file key (terms). Every other
 * field is doc values only (read per document for grouping and display), which halves the index;
 * the raw line is the only stored field. Version 2: version 1 indexed every field.
 */
public final class EventSchema {
  private EventSchema() {}

  /** Bumped when a field changes meaning or type; an index with another value is refused. */
  public static final String VERSION = "2";

  /** LongField, epoch milliseconds: range queries by time, first/last seen. */
  public static final String TIMESTAMP = "@timestamp";

  /**
   * NumericDocValuesField (no points), microseconds since boot, for kernel lines that have no
   * wall-clock time.
   */
  public static final String UPTIME = "kernel.uptime_us";

  /** KeywordField: the log format ({@code v2ray.access}, {@code netfilter.log}, ...). */
  public static final String DATASET = "event.dataset";

  /** KeywordField: {@code v2ray}, {@code shadowsocks} or {@code netfilter}; the who grouping. */
  public static final String SERVICE = "service.name";

  /** SortedDocValuesField (no terms): accepted, rejected, logged. */
  public static final String ACTION = "event.action";

  /** KeywordField: the proxy user (V2Ray e-mail, Shadowsocks port or its name). */
  public static final String USER = "user.name";

  /**
   * NumericDocValuesField (no points): the proxy's own listening port when logged
   * (shadowsocks-libev).
   */
  public static final String SERVER_PORT = "server.port";

  /**
   * SortedDocValuesField (no terms): the source exactly as logged (IP, {@code unix:@sock}, masked).
   */
  public static final String SOURCE_ADDRESS = "source.address";

  /** KeywordField: canonical source IP (client for proxies, SRC for packets). */
  public static final String SOURCE_IP = "source.ip";

  /**
   * NumericDocValuesField (no points): source port (the client's, or the proxy's ephemeral port in
   * packet logs).
   */
  public static final String SOURCE_PORT = "source.port";

  /** SortedDocValuesField (no terms): destination host exactly as logged. */
  public static final String DESTINATION_ADDRESS = "destination.address";

  /** SortedDocValuesField (no terms): destination when it is a valid DNS name. */
  public static final String DESTINATION_DOMAIN = "destination.domain";

  /** SortedDocValuesField (no terms): canonical destination IP when known. */
  public static final String DESTINATION_IP = "destination.ip";

  /** IntField: destination port, the field {@code who --port} filters on. */
  public static final String DESTINATION_PORT = "destination.port";

  /** SortedDocValuesField (no terms): tcp or udp. */
  public static final String TRANSPORT = "network.transport";

  /** SortedDocValuesField (no terms): V2Ray/Xray inbound tag. */
  public static final String INBOUND = "proxy.inbound";

  /** SortedDocValuesField (no terms): V2Ray/Xray outbound tag (direct, block, ...). */
  public static final String OUTBOUND = "proxy.outbound";

  /** SortedDocValuesField (no terms): the netfilter rule's log prefix. */
  public static final String PREFIX = "netfilter.prefix";

  /**
   * SortedDocValuesField (no terms): netfilter hook guessed from IN=/OUT= (input, output, forward).
   */
  public static final String DIRECTION = "netfilter.direction";

  /** SortedDocValuesField (no terms): the OUT= interface. */
  public static final String OUT_INTERFACE = "observer.egress.interface.name";

  /**
   * NumericDocValuesField (no points): {@code UID=} of the local socket: which program sent the
   * packet.
   */
  public static final String UID = "process.user.id";

  /** NumericDocValuesField (no points): {@code GID=} of the local socket. */
  public static final String GID = "process.group.id";

  /** SortedDocValuesField (no terms): path the line was read from. */
  public static final String FILE_PATH = "log.file.path";

  /** KeywordField: identity of the file's content; with the offset, the event's id. */
  public static final String FILE_KEY = "log.file.key";

  /** NumericDocValuesField (no points): byte offset of the line in its (decompressed) file. */
  public static final String OFFSET = "log.offset";

  /** NumericDocValuesField (no points): line number in its file. */
  public static final String LINE = "log.line";

  /** StoredField: the raw line, kept (compressed) as evidence after the log is rotated away. */
  public static final String ORIGINAL = "event.original";

  /**
   * LongPoint (no doc values, not stored): the number of the index session (one open-to-close of
   * the writer) that added the event, so the nightly run judges exactly the events added since the
   * session it last judged, whatever their dates. Events of older indexes have none.
   */
  public static final String SESSION = "proxy-audit.session";
}
