package dev.proxyaudit.analyzer.index;

import static dev.proxyaudit.analyzer.index.EventSchema.*;

import dev.proxyaudit.analyzer.event.ConnectionEvent;
import dev.proxyaudit.analyzer.event.PacketInfo;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.LongPoint;
import org.apache.lucene.document.NumericDocValuesField;
import org.apache.lucene.document.SortedDocValuesField;
import org.apache.lucene.document.StoredField;
import org.apache.lucene.util.BytesRef;

/** Turns an event into a Lucene document following {@link EventSchema}. */
public final class DocumentMapper {
  private DocumentMapper() {}

  /** The document of {@code e}, added by index session {@code session}. */
  public static Document toDocument(ConnectionEvent e, long session) {
    Document d = new Document();
    d.add(new LongPoint(SESSION, session));
    if (e.time() != null) {
      d.add(new LongField(TIMESTAMP, e.time().toEpochMilli(), Field.Store.NO));
    }
    if (e.uptimeMicros() != null) {
      number(d, UPTIME, e.uptimeMicros());
    }
    keyword(d, DATASET, e.dataset().id());
    keyword(d, SERVICE, e.service().id());
    values(d, ACTION, e.action().id());
    keyword(d, USER, e.user());
    if (e.serverPort() != null) {
      number(d, SERVER_PORT, e.serverPort());
    }
    if (e.source() != null) {
      values(d, SOURCE_ADDRESS, e.source().address());
      keyword(d, SOURCE_IP, e.source().ip());
      if (e.source().port() >= 0) {
        number(d, SOURCE_PORT, e.source().port());
      }
    }
    if (e.destination() != null) {
      values(d, DESTINATION_ADDRESS, e.destination().address());
      values(d, DESTINATION_DOMAIN, e.destination().domain());
      values(d, DESTINATION_IP, e.destination().ip());
      d.add(new IntField(DESTINATION_PORT, e.destination().port(), Field.Store.NO));
    }
    if (e.transport() != null) {
      values(d, TRANSPORT, e.transport().id());
    }
    values(d, INBOUND, e.route().inbound());
    values(d, OUTBOUND, e.route().outbound());
    PacketInfo p = e.packet();
    if (p != null) {
      values(d, PREFIX, p.prefix());
      values(d, DIRECTION, p.direction().id());
      values(d, OUT_INTERFACE, p.outInterface());
      if (p.uid() != null) {
        number(d, UID, p.uid());
      }
      if (p.gid() != null) {
        number(d, GID, p.gid());
      }
    }
    values(d, FILE_PATH, e.origin().path());
    keyword(d, FILE_KEY, e.origin().fileKey());
    number(d, OFFSET, e.origin().offset());
    number(d, LINE, e.origin().line());
    d.add(new StoredField(ORIGINAL, e.origin().raw()));
    return d;
  }

  /** Longer values are cut: Lucene refuses terms over 32 KiB, and strangers write these. */
  static final int MAX_KEYWORD_CHARS = 1000;

  /** Searchable (terms) and groupable (doc values): fields a query selects on. */
  private static void keyword(Document d, String field, String value) {
    if (value != null && !value.isEmpty()) {
      d.add(new KeywordField(field, cut(value), Field.Store.NO));
    }
  }

  /** Groupable and readable only: fields shown or grouped on, never searched; no terms. */
  private static void values(Document d, String field, String value) {
    if (value != null && !value.isEmpty()) {
      d.add(new SortedDocValuesField(field, new BytesRef(cut(value))));
    }
  }

  /** A number only read per document, never in a range query: no points. */
  private static void number(Document d, String field, long value) {
    d.add(new NumericDocValuesField(field, value));
  }

  private static String cut(String value) {
    return value.length() <= MAX_KEYWORD_CHARS ? value : value.substring(0, MAX_KEYWORD_CHARS);
  }
}
