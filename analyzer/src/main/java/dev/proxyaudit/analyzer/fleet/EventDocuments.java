package dev.proxyaudit.analyzer.fleet;

import static dev.proxyaudit.analyzer.index.EventSchema.ACTION;
import static dev.proxyaudit.analyzer.index.EventSchema.DATASET;
import static dev.proxyaudit.analyzer.index.EventSchema.DESTINATION_ADDRESS;
import static dev.proxyaudit.analyzer.index.EventSchema.DESTINATION_DOMAIN;
import static dev.proxyaudit.analyzer.index.EventSchema.DESTINATION_IP;
import static dev.proxyaudit.analyzer.index.EventSchema.DESTINATION_PORT;
import static dev.proxyaudit.analyzer.index.EventSchema.DIRECTION;
import static dev.proxyaudit.analyzer.index.EventSchema.FILE_KEY;
import static dev.proxyaudit.analyzer.index.EventSchema.FILE_PATH;
import static dev.proxyaudit.analyzer.index.EventSchema.INBOUND;
import static dev.proxyaudit.analyzer.index.EventSchema.LINE;
import static dev.proxyaudit.analyzer.index.EventSchema.OFFSET;
import static dev.proxyaudit.analyzer.index.EventSchema.ORIGINAL;
import static dev.proxyaudit.analyzer.index.EventSchema.OUTBOUND;
import static dev.proxyaudit.analyzer.index.EventSchema.PREFIX;
import static dev.proxyaudit.analyzer.index.EventSchema.SERVER_PORT;
import static dev.proxyaudit.analyzer.index.EventSchema.SERVICE;
import static dev.proxyaudit.analyzer.index.EventSchema.SESSION;
import static dev.proxyaudit.analyzer.index.EventSchema.SOURCE_ADDRESS;
import static dev.proxyaudit.analyzer.index.EventSchema.SOURCE_IP;
import static dev.proxyaudit.analyzer.index.EventSchema.SOURCE_PORT;
import static dev.proxyaudit.analyzer.index.EventSchema.TIMESTAMP;
import static dev.proxyaudit.analyzer.index.EventSchema.TRANSPORT;
import static dev.proxyaudit.analyzer.index.EventSchema.UID;
import static dev.proxyaudit.analyzer.index.EventSchema.USER;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.proxyaudit.analyzer.query.LeafColumns;
import java.io.IOException;
import java.io.StringWriter;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.CodecReader;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.StoredFields;
import org.apache.lucene.search.DocIdSetIterator;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.MatchAllDocsQuery;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.ScoreMode;
import org.apache.lucene.search.Scorer;
import org.apache.lucene.search.Weight;

/**
 * The local index's events as OpenSearch documents in ECS names (the index template's schema), read
 * a segment slice at a time. A document's id is the node and the event's own identity (its file's
 * key and byte offset), so sending it again overwrites it: a resend, a crash or a kill -9 mid-bulk
 * never makes a duplicate.
 */
final class EventDocuments {
  /** Documents read per slice (each becomes one bulk request). */
  static final int SLICE = 2_000;

  static final String INDEX_PREFIX = "proxy-audit-events-";
  private static final DateTimeFormatter DAY =
      DateTimeFormatter.ofPattern("yyyy.MM.dd").withZone(ZoneOffset.UTC);
  // written field by field: no tree per event (measured: the tree and its mapping were most of
  // the client's CPU)
  private static final JsonFactory JSON = new JsonFactory();

  /**
   * One document for the Bulk API: a whole event, or ({@code partial}) fields to add to one; {@code
   * source} is its JSON text.
   */
  record Document(String index, String id, String source, boolean partial) {}

  /** Takes one slice of documents (sends it); may fail. */
  interface Slices {
    void accept(List<Document> slice) throws IOException;
  }

  private EventDocuments() {}

  /**
   * Hands every event added after index session {@code after} (-1: all) to {@code slice}, in slices
   * of at most {@link #SLICE}.
   */
  static long read(
      DirectoryReader reader, long after, String node, LineStatuses.Span span, Slices slice)
      throws IOException {
    Query q =
        after < 0
            ? new MatchAllDocsQuery()
            : LongPoint.newRangeQuery(SESSION, after + 1, Long.MAX_VALUE);
    IndexSearcher searcher = new IndexSearcher(reader);
    Weight w = searcher.createWeight(searcher.rewrite(q), ScoreMode.COMPLETE_NO_SCORES, 1);
    long n = 0;
    for (LeafReaderContext leaf : reader.leaves()) {
      Scorer s = w.scorer(leaf);
      if (s == null) {
        continue;
      }
      DocIdSetIterator it = s.iterator();
      var live = leaf.reader().getLiveDocs();
      StoredFields stored = sequential(leaf.reader());
      int[] docs = new int[SLICE];
      int size = 0;
      for (int d = it.nextDoc(); d != DocIdSetIterator.NO_MORE_DOCS; d = it.nextDoc()) {
        if (live != null && !live.get(d)) {
          continue;
        }
        docs[size++] = d;
        if (size == SLICE) {
          n += emit(leaf, stored, docs, size, node, span, slice);
          size = 0;
        }
      }
      if (size > 0) {
        n += emit(leaf, stored, docs, size, node, span, slice);
      }
    }
    return n;
  }

  /**
   * The segment's raw lines for reading in document order: the codec's merge instance keeps each
   * decompressed block for the documents after it. The plain reader decompresses a block (with its
   * preset dictionary, BEST_COMPRESSION) for every document: measured, that was most of ship's
   * time.
   */
  private static StoredFields sequential(LeafReader reader) throws IOException {
    if (reader instanceof CodecReader c && c.getFieldsReader() != null) {
      return c.getFieldsReader().getMergeInstance();
    }
    return reader.storedFields();
  }

  private static int emit(
      LeafReaderContext leaf,
      StoredFields stored,
      int[] docs,
      int size,
      String node,
      LineStatuses.Span span,
      Slices slice)
      throws IOException {
    int[] some = java.util.Arrays.copyOf(docs, size);
    LeafColumns c = new LeafColumns(leaf.reader(), some);
    long[] time = c.numbers(TIMESTAMP, Long.MIN_VALUE);
    String[] key = c.keywords(FILE_KEY);
    long[] offset = c.numbers(OFFSET, -1);
    String[] dataset = c.keywords(DATASET);
    String[] service = c.keywords(SERVICE);
    String[] action = c.keywords(ACTION);
    String[] user = c.keywords(USER);
    long[] serverPort = c.numbers(SERVER_PORT, -1);
    String[] srcAddress = c.keywords(SOURCE_ADDRESS);
    String[] srcIp = c.keywords(SOURCE_IP);
    long[] srcPort = c.numbers(SOURCE_PORT, -1);
    String[] dstAddress = c.keywords(DESTINATION_ADDRESS);
    String[] dstDomain = c.keywords(DESTINATION_DOMAIN);
    String[] dstIp = c.keywords(DESTINATION_IP);
    long[] dstPort = c.numbers(DESTINATION_PORT, -1);
    String[] transport = c.keywords(TRANSPORT);
    String[] inbound = c.keywords(INBOUND);
    String[] outbound = c.keywords(OUTBOUND);
    String[] prefix = c.keywords(PREFIX);
    String[] direction = c.keywords(DIRECTION);
    Integer[] uid = c.integers(UID);
    String[] path = c.keywords(FILE_PATH);
    long[] line = c.numbers(LINE, -1);
    List<Document> out = new ArrayList<>(size);
    StringWriter text = new StringWriter(1024);
    for (int i = 0; i < size; i++) {
      span.add(time[i]);
      text.getBuffer().setLength(0);
      try (JsonGenerator g = JSON.createGenerator(text)) {
        g.writeStartObject();
        if (time[i] != Long.MIN_VALUE) {
          g.writeNumberField("@timestamp", time[i]);
        }
        g.writeObjectFieldStart("observer");
        g.writeStringField("hostname", node);
        g.writeEndObject();
        object(
            g,
            "event",
            "dataset",
            dataset[i],
            "action",
            action[i],
            "original",
            stored.document(some[i]).get(ORIGINAL));
        object(g, "service", "name", service[i]);
        g.writeObjectFieldStart("source");
        fields(g, "ip", srcIp[i], "address", srcAddress[i]);
        port(g, "port", srcPort[i]);
        g.writeEndObject();
        g.writeObjectFieldStart("destination");
        fields(g, "ip", dstIp[i], "domain", dstDomain[i], "address", dstAddress[i]);
        port(g, "port", dstPort[i]);
        g.writeEndObject();
        object(g, "network", "transport", transport[i]);
        object(g, "user", "name", user[i]);
        if (uid[i] != null) {
          g.writeObjectFieldStart("process");
          g.writeObjectFieldStart("user");
          g.writeNumberField("id", uid[i]);
          g.writeEndObject();
          g.writeEndObject();
        }
        object(g, "rule", "name", prefix[i]);
        g.writeObjectFieldStart("log");
        object(g, "file", "path", path[i]);
        port(g, "offset", offset[i]);
        g.writeEndObject();
        g.writeObjectFieldStart("proxy_audit");
        port(g, "server_port", serverPort[i]);
        fields(g, "inbound", inbound[i], "outbound", outbound[i], "direction", direction[i]);
        port(g, "line", line[i]);
        g.writeEndObject();
        g.writeEndObject();
      }
      out.add(new Document(indexOf(time[i]), id(node, key[i], offset[i]), text.toString(), false));
    }
    slice.accept(out);
    return size;
  }

  /** The daily index of an event at {@code time} ({@link Long#MIN_VALUE}: no time). */
  static String indexOf(long time) {
    return INDEX_PREFIX
        + (time == Long.MIN_VALUE ? "undated" : DAY.format(Instant.ofEpochMilli(time)));
  }

  /** The UTC day of a daily index's name, or null for another name (and "undated"). */
  static java.time.LocalDate dayOf(String index) {
    if (!index.startsWith(INDEX_PREFIX)) {
      return null;
    }
    try {
      return java.time.LocalDate.parse(index.substring(INDEX_PREFIX.length()), DAY);
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }

  /** The document id of the event at {@code offset} of the file with {@code key}. */
  static String id(String node, String key, long offset) {
    return node + ":" + key + ":" + offset;
  }

  /** {@code "name": {fields}}, left out when every value is null. */
  private static void object(JsonGenerator g, String name, String... fields) throws IOException {
    for (int i = 1; i < fields.length; i += 2) {
      if (fields[i] != null) {
        g.writeObjectFieldStart(name);
        fields(g, fields);
        g.writeEndObject();
        return;
      }
    }
  }

  /** The pairs of names and values whose value is not null. */
  private static void fields(JsonGenerator g, String... fields) throws IOException {
    for (int i = 0; i < fields.length; i += 2) {
      if (fields[i + 1] != null) {
        g.writeStringField(fields[i], fields[i + 1]);
      }
    }
  }

  private static void port(JsonGenerator g, String name, long value) throws IOException {
    if (value >= 0) {
      g.writeNumberField(name, value);
    }
  }
}
