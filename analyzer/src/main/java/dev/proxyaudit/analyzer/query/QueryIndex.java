package dev.proxyaudit.analyzer.query;

import static dev.proxyaudit.analyzer.index.EventSchema.TIMESTAMP;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.function.Function;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.PointValues;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.store.Directory;
import org.apache.lucene.store.FSDirectory;

/**
 * The index opened for a question. Opening fails with a {@link NothingToAskException} when there is
 * nothing to ask: no index there, or an index without events, so that a wrong path never reads as
 * "nothing found".
 */
public final class QueryIndex implements Closeable {
  private final Path path;
  private final Directory dir;
  private final IndexReader reader;

  private QueryIndex(Path path, Directory dir, IndexReader reader) {
    this.path = path;
    this.dir = dir;
    this.reader = reader;
  }

  /** Opens the index at {@code path} for reading. */
  public static QueryIndex open(Path path) throws IOException, NothingToAskException {
    if (!Files.exists(path)) {
      throw new NothingToAskException(
          "no index at " + path + ": run 'audit ingest PATH...' first, or give --index DIR");
    }
    Directory dir = FSDirectory.open(path);
    try {
      if (!DirectoryReader.indexExists(dir)) {
        throw new NothingToAskException(
            path
                + ": not an index (no index files in it): give --index the folder 'audit"
                + " ingest' wrote");
      }
      DirectoryReader reader = DirectoryReader.open(dir);
      if (reader.numDocs() == 0) {
        reader.close();
        throw new NothingToAskException(
            path + ": the index holds no events: nothing ingested so far was a connection line");
      }
      return new QueryIndex(path, dir, reader);
    } catch (NothingToAskException | IOException | RuntimeException e) {
      dir.close();
      throw e;
    }
  }

  /**
   * A reader someone else opened and closes (the nightly run's, on its writer): closing the result
   * leaves it open.
   */
  public static QueryIndex over(IndexReader reader) {
    return new QueryIndex(null, null, reader);
  }

  public IndexReader reader() {
    return reader;
  }

  public Path path() {
    return path;
  }

  /**
   * Fails when {@code [since, until)} holds no event at all (of any port), naming the span the
   * index does hold; either bound may be null. {@code time} formats the times for the message.
   */
  public void requireEventsBetween(Instant since, Instant until, Function<Instant, String> time)
      throws IOException, NothingToAskException {
    if (since == null && until == null) {
      return;
    }
    long from = since == null ? Long.MIN_VALUE : since.toEpochMilli();
    long to = until == null ? Long.MAX_VALUE : until.toEpochMilli() - 1;
    if (new IndexSearcher(reader).count(LongField.newRangeQuery(TIMESTAMP, from, to)) > 0) {
      return;
    }
    String asked =
        since == null
            ? "before " + time.apply(until)
            : until == null
                ? "since " + time.apply(since)
                : "between " + time.apply(since) + " and " + time.apply(until);
    long[] span = span(reader);
    throw new NothingToAskException(
        "no events "
            + asked
            + (span == null
                ? ""
                : "; the index holds "
                    + time.apply(Instant.ofEpochMilli(span[0]))
                    + " to "
                    + time.apply(Instant.ofEpochMilli(span[1]))));
  }

  /** The oldest and newest event time (deleted events may widen it), or null if none. */
  static long[] span(IndexReader reader) throws IOException {
    long min = Long.MAX_VALUE;
    long max = Long.MIN_VALUE;
    for (LeafReaderContext leaf : reader.leaves()) {
      PointValues points = leaf.reader().getPointValues(TIMESTAMP);
      if (points != null && points.size() > 0) {
        min = Math.min(min, LongPoint.decodeDimension(points.getMinPackedValue(), 0));
        max = Math.max(max, LongPoint.decodeDimension(points.getMaxPackedValue(), 0));
      }
    }
    return min == Long.MAX_VALUE ? null : new long[] {min, max};
  }

  @Override
  public void close() throws IOException {
    if (dir == null) {
      return; // not ours
    }
    try {
      reader.close();
    } finally {
      dir.close();
    }
  }

  /** Nothing can be asked of this index; the message says why and what to do. */
  public static final class NothingToAskException extends Exception {
    public NothingToAskException(String message) {
      super(message);
    }
  }
}
