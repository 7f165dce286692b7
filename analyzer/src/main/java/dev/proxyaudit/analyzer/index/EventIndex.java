package dev.proxyaudit.analyzer.index;

import dev.proxyaudit.analyzer.event.ConnectionEvent;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.codecs.lucene912.Lucene912Codec;
import org.apache.lucene.document.LongField;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexWriter;
import org.apache.lucene.index.IndexWriterConfig;
import org.apache.lucene.index.Term;
import org.apache.lucene.search.BooleanClause;
import org.apache.lucene.search.BooleanQuery;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.search.TermQuery;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.LockObtainFailedException;

/** The writable event index: add events, then commit them together with the read positions. */
public final class EventIndex implements Closeable {
  private static final String SCHEMA_KEY = "proxy-audit.schema";

  private static final String STATE_PREFIX = "proxy-audit.state.";

  /** The last index session that committed (see {@link EventSchema#SESSION}). */
  private static final String SESSION_KEY = "proxy-audit.session";

  private final Directory dir;
  private final IndexWriter writer;
  private final Checkpoints checkpoints;
  private final Map<String, String> state = new HashMap<>();
  private final IndexingPipeline pipeline;
  private final long session;

  private EventIndex(
      Directory dir, IndexWriter writer, Checkpoints checkpoints, Map<String, String> data) {
    this.dir = dir;
    this.writer = writer;
    this.checkpoints = checkpoints;
    String last = data.get(SESSION_KEY);
    this.session = last == null ? 1 : Long.parseLong(last) + 1;
    this.pipeline = new IndexingPipeline(writer, IndexingPipeline.defaultThreads(), session);
    data.forEach(
        (k, v) -> {
          if (k.startsWith(STATE_PREFIX)) {
            state.put(k.substring(STATE_PREFIX.length()), v);
          }
        });
  }

  /**
   * Opens or creates the index in {@code path}.
   *
   * @throws IndexException when the index is locked by another process or was made by another
   *     version of proxy-audit
   */
  public static EventIndex open(Path path) throws IOException, IndexException {
    // personal data (who visited what): readable by its owner only
    OwnerOnlyDirectory dir = OwnerOnlyDirectory.open(path);
    Map<String, String> data = commitData(dir);
    String schema = data.get(SCHEMA_KEY);
    if (!data.isEmpty() && !EventSchema.VERSION.equals(schema)) {
      dir.close();
      throw new IndexException(
          path
              + ": index schema "
              + schema
              + " is not "
              + EventSchema.VERSION
              + " (made by another proxy-audit version); move it away and ingest again");
    }
    IndexWriterConfig cfg = writerConfig();
    IndexWriter writer;
    try {
      writer = new IndexWriter(dir, cfg);
      dir.narrowLockFile();
    } catch (LockObtainFailedException e) {
      dir.close();
      throw new IndexException(path + ": the index is in use by another audit process");
    }
    return new EventIndex(dir, writer, Checkpoints.parse(data.get(Checkpoints.COMMIT_KEY)), data);
  }

  /** The writer settings; the benchmark's Lucene-only ceiling uses the same. */
  public static IndexWriterConfig writerConfig() {
    IndexWriterConfig cfg = new IndexWriterConfig();
    cfg.setOpenMode(IndexWriterConfig.OpenMode.CREATE_OR_APPEND);
    // 48 MB of buffered documents keeps a 256 MB heap safe while flushing rarely
    cfg.setRAMBufferSizeMB(48);
    cfg.setCommitOnClose(false);
    // Stored fields (the raw line, read only by explain) deflated instead of LZ4: `audit bench`,
    // 10M lines: 62.4 -> 46.3 index bytes per event, ingest 301k -> 282k lines/s.
    cfg.setCodec(new Lucene912Codec(Lucene912Codec.Mode.BEST_COMPRESSION));
    return cfg;
  }

  static Map<String, String> commitData(Directory dir) throws IOException {
    if (!DirectoryReader.indexExists(dir)) {
      return Map.of();
    }
    try (DirectoryReader r = DirectoryReader.open(dir)) {
      return r.getIndexCommit().getUserData();
    }
  }

  /** Read positions as of the last commit plus what this session has read so far. */
  public Checkpoints checkpoints() {
    return checkpoints;
  }

  public void add(ConnectionEvent event) throws IOException {
    pipeline.add(event);
  }

  /** Makes the added events and the current checkpoints durable, atomically. */
  public void commit() throws IOException {
    pipeline.flush(); // the commit must hold every event its checkpoints cover
    Map<String, String> data = new HashMap<>();
    data.put(SCHEMA_KEY, EventSchema.VERSION);
    data.put(Checkpoints.COMMIT_KEY, checkpoints.serialise());
    data.put(SESSION_KEY, Long.toString(session));
    state.forEach((k, v) -> data.put(STATE_PREFIX + k, v));
    writer.setLiveCommitData(data.entrySet());
    writer.commit();
  }

  /**
   * Deletes, at the next commit, every event of {@code user} (and, when given, only from that
   * client), or every event of {@code client}: the operator's answer to "delete my data".
   */
  public void forget(String user, String client) throws IOException {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    if (user != null) {
      b.add(new TermQuery(new Term(EventSchema.USER, user)), BooleanClause.Occur.FILTER);
    }
    if (client != null) {
      b.add(new TermQuery(new Term(EventSchema.SOURCE_IP, client)), BooleanClause.Occur.FILTER);
    }
    writer.deleteDocuments(b.build());
  }

  /** Live events matching a user (and client), for forget's report. */
  public long count(String user, String client) throws IOException {
    pipeline.flush();
    try (DirectoryReader r = DirectoryReader.open(writer)) {
      BooleanQuery.Builder b = new BooleanQuery.Builder();
      if (user != null) {
        b.add(new TermQuery(new Term(EventSchema.USER, user)), BooleanClause.Occur.FILTER);
      }
      if (client != null) {
        b.add(new TermQuery(new Term(EventSchema.SOURCE_IP, client)), BooleanClause.Occur.FILTER);
      }
      return new IndexSearcher(r).count(b.build());
    }
  }

  /** This session's number: every event added now carries it. */
  public long session() {
    return session;
  }

  /** A value kept with the next commit (e.g. when the nightly run last judged), or null. */
  public String state(String key) {
    return state.get(key);
  }

  public void setState(String key, String value) {
    state.put(key, value);
  }

  /** Drops a value from the next commit. */
  public void removeState(String key) {
    state.remove(key);
  }

  /** A reader of everything added so far, committed or not; the caller closes it. */
  public DirectoryReader openReader() throws IOException {
    pipeline.flush();
    return DirectoryReader.open(writer);
  }

  /**
   * Deletes, at the next commit, the events older than {@code cutoffMillis} that match {@code
   * which} (events known only by kernel uptime have no time and are kept).
   */
  public void deleteOlderThan(long cutoffMillis, Query which) throws IOException {
    BooleanQuery.Builder b = new BooleanQuery.Builder();
    b.add(
        LongField.newRangeQuery(EventSchema.TIMESTAMP, Long.MIN_VALUE, cutoffMillis - 1),
        BooleanClause.Occur.FILTER);
    b.add(which, BooleanClause.Occur.FILTER);
    writer.deleteDocuments(b.build());
  }

  /** Closes without committing: what was added since the last commit is dropped. */
  @Override
  public void close() throws IOException {
    try {
      pipeline.close();
      writer.rollback();
    } finally {
      dir.close();
    }
  }

  /** The index cannot be used; the message says why and what to do. */
  public static final class IndexException extends Exception {
    public IndexException(String message) {
      super(message);
    }
  }
}
