package dev.proxyaudit.analyzer.query;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;

/** Reads one segment's doc values by field name, decoding each keyword ordinal once. */
final class LeafValues {
  private final LeafReader reader;
  private final Map<String, SortedSetDocValues> keywords = new HashMap<>();
  private final Map<String, Map<Long, String>> decoded = new HashMap<>();
  private final Map<String, SortedNumericDocValues> numbers = new HashMap<>();

  LeafValues(LeafReader reader) {
    this.reader = reader;
  }

  /** The keyword value of {@code field} for {@code doc}, or null. Docs must come in order. */
  String keyword(String field, int doc) throws IOException {
    SortedSetDocValues dv = keywords.get(field);
    if (dv == null) {
      dv = DocValues.getSortedSet(reader, field);
      keywords.put(field, dv);
    }
    if (dv.docID() > doc || !dv.advanceExact(doc)) {
      return null;
    }
    long ord = dv.nextOrd();
    Map<Long, String> cache = decoded.computeIfAbsent(field, f -> new HashMap<>());
    String v = cache.get(ord);
    if (v == null) {
      v = dv.lookupOrd(ord).utf8ToString();
      cache.put(ord, v);
    }
    return v;
  }

  /** The numeric value of {@code field} for {@code doc}, or null. Docs must come in order. */
  Long number(String field, int doc) throws IOException {
    SortedNumericDocValues dv = numbers.get(field);
    if (dv == null) {
      dv = DocValues.getSortedNumeric(reader, field);
      numbers.put(field, dv);
    }
    if (dv.docID() > doc || !dv.advanceExact(doc)) {
      return null;
    }
    return dv.nextValue();
  }
}
