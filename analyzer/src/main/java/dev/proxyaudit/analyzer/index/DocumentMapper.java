package dev.proxyaudit.analyzer.index;

import static dev.proxyaudit.analyzer.index.EventSchema.*;

import dev.proxyaudit.analyzer.event.ConnectionEvent;
import dev.proxyaudit.analyzer.event.PacketInfo;
import org.apache.lucene.document.Document;
import org.apache.lucene.document.Field;
import org.apache.lucene.document.IntField;
import org.apache.lucene.document.KeywordField;
import org.apache.lucene.document.LongField;
import org.apache.lucene.document.StoredField;

/** Turns an event into a Lucene document following {@link EventSchema}. */
final class DocumentMapper {
  private DocumentMapper() {}

  static Document toDocument(ConnectionEvent e) {
    Document d = new Document();
    if (e.time() != null) {
      d.add(new LongField(TIMESTAMP, e.time().toEpochMilli(), Field.Store.NO));
    }
    if (e.uptimeMicros() != null) {
      d.add(new LongField(UPTIME, e.uptimeMicros(), Field.Store.NO));
    }
    keyword(d, DATASET, e.dataset().id());
    keyword(d, SERVICE, e.service().id());
    keyword(d, ACTION, e.action().id());
    keyword(d, USER, e.user());
    if (e.serverPort() != null) {
      d.add(new IntField(SERVER_PORT, e.serverPort(), Field.Store.NO));
    }
    if (e.source() != null) {
      keyword(d, SOURCE_ADDRESS, e.source().address());
      keyword(d, SOURCE_IP, e.source().ip());
      if (e.source().port() >= 0) {
        d.add(new IntField(SOURCE_PORT, e.source().port(), Field.Store.NO));
      }
    }
    if (e.destination() != null) {
      keyword(d, DESTINATION_ADDRESS, e.destination().address());
      keyword(d, DESTINATION_DOMAIN, e.destination().domain());
      keyword(d, DESTINATION_IP, e.destination().ip());
      d.add(new IntField(DESTINATION_PORT, e.destination().port(), Field.Store.NO));
    }
    if (e.transport() != null) {
      keyword(d, TRANSPORT, e.transport().id());
    }
    keyword(d, INBOUND, e.route().inbound());
    keyword(d, OUTBOUND, e.route().outbound());
    PacketInfo p = e.packet();
    if (p != null) {
      keyword(d, PREFIX, p.prefix());
      keyword(d, DIRECTION, p.direction());
      keyword(d, OUT_INTERFACE, p.outInterface());
      if (p.uid() != null) {
        d.add(new IntField(UID, p.uid(), Field.Store.NO));
      }
      if (p.gid() != null) {
        d.add(new IntField(GID, p.gid(), Field.Store.NO));
      }
    }
    keyword(d, FILE_PATH, e.origin().path());
    keyword(d, FILE_KEY, e.origin().fileKey());
    d.add(new LongField(OFFSET, e.origin().offset(), Field.Store.NO));
    d.add(new LongField(LINE, e.origin().line(), Field.Store.NO));
    d.add(new StoredField(ORIGINAL, e.origin().raw()));
    return d;
  }

  /** Longer values are cut: Lucene refuses terms over 32 KiB, and strangers write these. */
  static final int MAX_KEYWORD_CHARS = 1000;

  private static void keyword(Document d, String field, String value) {
    if (value != null && !value.isEmpty()) {
      String v =
          value.length() <= MAX_KEYWORD_CHARS ? value : value.substring(0, MAX_KEYWORD_CHARS);
      d.add(new KeywordField(field, v, Field.Store.NO));
    }
  }
}
