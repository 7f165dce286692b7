package dev.proxyaudit.analyzer.query;

import java.io.IOException;
import java.util.Arrays;
import org.apache.lucene.index.DocValues;
import org.apache.lucene.index.LeafReader;
import org.apache.lucene.index.SortedNumericDocValues;
import org.apache.lucene.index.SortedSetDocValues;
import org.apache.lucene.util.LongBitSet;

/**
 * One segment's doc values for a set of documents, read a field at a time in doc-id order.
 *
 * <p>Keywords are decoded once per distinct ordinal and in ordinal order: the terms dictionary is
 * stored in compressed blocks of 64 terms, so looking ordinals up in the order the documents name
 * them decompresses a block for nearly every value.
 */
public final class LeafColumns {
  private final LeafReader reader;
  private final int[] docs;

  /**
   * @param docs the documents, in increasing order
   */
  public LeafColumns(LeafReader reader, int[] docs) {
    this.reader = reader;
    this.docs = docs;
  }

  /** The segment's id of the {@code i}th document. */
  public int doc(int i) {
    return docs[i];
  }

  /** Per document, the (first) keyword value of {@code field}, or null. */
  public String[] keywords(String field) throws IOException {
    return keywords(field, null);
  }

  /**
   * Per document, the (first) keyword value of {@code field}, or null; null also where {@code
   * wanted} (null: everywhere) is false.
   */
  String[] keywords(String field, boolean[] wanted) throws IOException {
    SortedSetDocValues dv = DocValues.getSortedSet(reader, field);
    long[] ords = new long[docs.length];
    for (int i = 0; i < docs.length; i++) {
      boolean want = wanted == null || wanted[i];
      ords[i] = want && dv.advanceExact(docs[i]) ? dv.nextOrd() : -1;
    }
    long[] distinct = distinct(ords, dv.getValueCount());
    String[] values = new String[distinct.length];
    for (int j = 0; j < distinct.length; j++) {
      values[j] = dv.lookupOrd(distinct[j]).utf8ToString();
    }
    return byDocument(ords, distinct, values, dv.getValueCount());
  }

  /** Per document, the value of its ordinal ({@code distinct[j]} is {@code values[j]}). */
  private static String[] byDocument(
      long[] ords, long[] distinct, String[] values, long valueCount) {
    String[] out = new String[ords.length];
    if (valueCount > 8L * ords.length) { // few of many values: search, don't allocate them all
      for (int i = 0; i < ords.length; i++) {
        out[i] = ords[i] < 0 ? null : values[Arrays.binarySearch(distinct, ords[i])];
      }
      return out;
    }
    String[] byOrd = new String[(int) valueCount];
    for (int j = 0; j < distinct.length; j++) {
      byOrd[(int) distinct[j]] = values[j];
    }
    for (int i = 0; i < ords.length; i++) {
      out[i] = ords[i] < 0 ? null : byOrd[(int) ords[i]];
    }
    return out;
  }

  /** Per document, the (first) value of {@code field}, or {@code missing} when it has none. */
  public long[] numbers(String field, long missing) throws IOException {
    SortedNumericDocValues dv = DocValues.getSortedNumeric(reader, field);
    long[] out = new long[docs.length];
    for (int i = 0; i < docs.length; i++) {
      out[i] = dv.advanceExact(docs[i]) ? dv.nextValue() : missing;
    }
    return out;
  }

  /** Per document, the (first) value of {@code field} as an int, or null when it has none. */
  public Integer[] integers(String field) throws IOException {
    SortedNumericDocValues dv = DocValues.getSortedNumeric(reader, field);
    Integer[] out = new Integer[docs.length];
    for (int i = 0; i < docs.length; i++) {
      out[i] = dv.advanceExact(docs[i]) ? (int) dv.nextValue() : null;
    }
    return out;
  }

  /** The ordinals >= 0 in {@code ords}, each once, in increasing order. */
  private static long[] distinct(long[] ords, long valueCount) {
    LongBitSet seen = new LongBitSet(Math.max(1, valueCount));
    int n = 0;
    for (long o : ords) {
      if (o >= 0 && !seen.getAndSet(o)) {
        n++;
      }
    }
    long[] out = new long[n];
    long o = -1;
    for (int j = 0; j < n; j++) {
      o = seen.nextSetBit(o + 1);
      out[j] = o;
    }
    return out;
  }
}
