package dev.proxyaudit.analyzer.query;

import static dev.proxyaudit.analyzer.index.EventSchema.FILE_PATH;
import static dev.proxyaudit.analyzer.index.EventSchema.LINE;
import static dev.proxyaudit.analyzer.index.EventSchema.ORIGINAL;

import java.io.IOException;
import java.util.List;
import org.apache.lucene.index.IndexReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;
import org.apache.lucene.index.StoredFields;

/**
 * The raw line behind an event, and where it was read: kept in the index, so it can be shown after
 * the log itself was rotated away.
 */
public final class Evidence {
  private final IndexReader reader;
  private final List<LeafReaderContext> leaves;
  private final StoredFields stored;

  public Evidence(QueryIndex index) throws IOException {
    this(index.reader());
  }

  private Evidence(IndexReader reader) throws IOException {
    this.reader = reader;
    this.leaves = reader.leaves();
    this.stored = reader.storedFields();
  }

  /** One raw line with its file and line number. */
  public record Line(String path, long line, String raw) {}

  public Line line(int doc) throws IOException {
    LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(doc, leaves));
    LeafValues v = new LeafValues(leaf.reader());
    int local = doc - leaf.docBase;
    String path = v.keyword(FILE_PATH, local);
    Long line = v.number(LINE, local);
    String raw = stored.document(doc).get(ORIGINAL);
    return new Line(path, line == null ? -1 : line, raw == null ? "" : raw);
  }

  public IndexReader reader() {
    return reader;
  }
}
