package dev.proxyaudit.analyzer.fleet;

import static dev.proxyaudit.analyzer.index.EventSchema.FILE_KEY;
import static dev.proxyaudit.analyzer.index.EventSchema.OFFSET;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.proxyaudit.analyzer.correlate.Correlator;
import dev.proxyaudit.analyzer.correlate.InboundJoin;
import dev.proxyaudit.analyzer.correlate.ProxyStatus;
import dev.proxyaudit.analyzer.correlate.Server;
import dev.proxyaudit.analyzer.judge.WhoService;
import dev.proxyaudit.analyzer.query.Evidence;
import dev.proxyaudit.analyzer.query.GroupBy;
import dev.proxyaudit.analyzer.query.KernelHit;
import dev.proxyaudit.analyzer.query.LeafColumns;
import dev.proxyaudit.analyzer.query.ProxyHit;
import dev.proxyaudit.analyzer.query.QueryIndex;
import dev.proxyaudit.analyzer.query.WhoQuery;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.index.LeafReaderContext;
import org.apache.lucene.index.ReaderUtil;

/**
 * What this node's join says of each proxy line of the watched ports, as partial updates of the
 * shipped documents ({@code proxy_audit.who}: the row's fields, the kernel status, how it was
 * joined, the server it went to): the node that has both the proxy's and the kernel's log does the
 * join, and the cluster only counts. Lines near newly shipped events are decided again (a kernel
 * line shipped tonight can confirm a proxy line shipped last night), a slice at a time.
 */
final class LineStatuses {
  private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

  /** Kernel lines kept per proxy line, for explain. */
  static final int KERNEL_LINES = 12;

  private LineStatuses() {}

  /** The time span of the events being shipped, widened as they are read. */
  static final class Span {
    long from = Long.MAX_VALUE;
    long to = Long.MIN_VALUE;
    boolean untimed;

    void add(long t) {
      if (t == Long.MIN_VALUE) {
        untimed = true;
      } else {
        from = Math.min(from, t);
        to = Math.max(to, t);
      }
    }

    boolean empty() {
      return from == Long.MAX_VALUE && !untimed;
    }
  }

  /**
   * Sends to {@code slice} the status of every watched-port line within the join window of {@code
   * span} (all lines when some shipped event had no time); returns how many.
   */
  static long send(
      DirectoryReader reader, WhoService who, Span span, String node, EventDocuments.Slices slice)
      throws IOException {
    if (span.empty()) {
      return 0;
    }
    long window = 1000L * (who.policy().joinBeforeSeconds() + who.policy().joinAfterSeconds());
    // decided with a margin on both sides, so that the lines updated were joined as in a full run
    Instant since = span.untimed ? null : Instant.ofEpochMilli(span.from - 3 * window);
    Instant until = span.untimed ? null : Instant.ofEpochMilli(span.to + 3 * window + 1);
    long keepFrom = span.untimed ? Long.MIN_VALUE : span.from - window;
    long keepTo = span.untimed ? Long.MAX_VALUE : span.to + window;
    Batch batch = new Batch(reader, new Evidence(QueryIndex.over(reader)), node, slice);
    WhoQuery q = new WhoQuery(who.policy().allPorts(), since, until, GroupBy.USER);
    try {
      who.answer(
          QueryIndex.over(reader),
          q,
          (row, p, status, links, server) -> {
            long t = p.hasTime() ? p.timeMillis() : Long.MIN_VALUE;
            if (t == Long.MIN_VALUE || (t >= keepFrom && t <= keepTo)) {
              batch.add(p, status, links, server);
            }
          });
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    batch.flush();
    return batch.sent;
  }

  /** Lines decided, turned into updates {@link EventDocuments#SLICE} at a time. */
  private static final class Batch {
    private final DirectoryReader reader;
    private final Evidence evidence;
    private final String node;
    private final EventDocuments.Slices slice;
    private final List<ProxyHit> hits = new ArrayList<>();
    private final List<ObjectNode> who = new ArrayList<>();
    long sent;

    Batch(DirectoryReader reader, Evidence evidence, String node, EventDocuments.Slices slice) {
      this.reader = reader;
      this.evidence = evidence;
      this.node = node;
      this.slice = slice;
    }

    void add(ProxyHit p, ProxyStatus status, List<Correlator.Link> links, Server server) {
      ObjectNode w = JSON.objectNode();
      w.put("service", p.service().id());
      put(w, "user", p.user());
      put(w, "client", p.client());
      put(w, "destination", p.destination());
      w.put("port", p.port());
      w.put("status", status.id());
      if (!links.isEmpty()) {
        w.put("join", links.get(0).kind().name().toLowerCase(java.util.Locale.ROOT));
      }
      if (server != null) {
        w.put("server", server.ip());
        w.put("server_source", server.source().name().toLowerCase(java.util.Locale.ROOT));
      }
      kernel(w, p, links);
      hits.add(p);
      who.add(w);
      if (hits.size() == EventDocuments.SLICE) {
        flush();
      }
    }

    /**
     * The kernel's lines of the line's connections, as explain shows them under it (the first
     * {@link #KERNEL_LINES}: a blocked dial's redials are five connections of a few packets).
     */
    private void kernel(ObjectNode w, ProxyHit p, List<Correlator.Link> links) {
      com.fasterxml.jackson.databind.node.ArrayNode out = null;
      int n = 0;
      try {
        if (p.inboundDoc() >= 0) {
          Evidence.Line l = evidence.line(p.inboundDoc());
          out = w.putArray("kernel");
          out.add(InboundJoin.heading(p) + ": " + l.path() + ":" + l.line() + ": " + l.raw());
          n++;
        }
        for (Correlator.Link link : links) {
          for (KernelHit k : link.connection().hits()) {
            if (n++ == KERNEL_LINES) {
              return;
            }
            if (out == null) {
              out = w.putArray("kernel");
            }
            Evidence.Line l = evidence.line(k.doc());
            out.add(
                (link.connection().blocked() ? "blocked" : "confirmed")
                    + " ("
                    + link.kind().label()
                    + ", uid "
                    + (link.connection().uid() == null ? "not logged" : link.connection().uid())
                    + ") "
                    + l.path()
                    + ":"
                    + l.line()
                    + ": "
                    + l.raw());
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void flush() {
      if (hits.isEmpty()) {
        return;
      }
      try {
        slice.accept(updates());
      } catch (IOException e) {
        throw new UncheckedIOException(e); // out of the listener; send() rethrows it
      }
      sent += hits.size();
      hits.clear();
      who.clear();
    }

    /** The updates, each addressed to its shipped document (node, file key, byte offset). */
    private List<EventDocuments.Document> updates() throws IOException {
      Integer[] order = new Integer[hits.size()];
      Arrays.setAll(order, i -> i);
      Arrays.sort(order, (a, b) -> Integer.compare(hits.get(a).doc(), hits.get(b).doc()));
      List<LeafReaderContext> leaves = reader.leaves();
      List<EventDocuments.Document> out = new ArrayList<>(order.length);
      int i = 0;
      while (i < order.length) {
        LeafReaderContext leaf = leaves.get(ReaderUtil.subIndex(hits.get(order[i]).doc(), leaves));
        int end = i;
        while (end < order.length
            && hits.get(order[end]).doc() < leaf.docBase + leaf.reader().maxDoc()) {
          end++;
        }
        int[] docs = new int[end - i];
        for (int j = i; j < end; j++) {
          docs[j - i] = hits.get(order[j]).doc() - leaf.docBase;
        }
        LeafColumns c = new LeafColumns(leaf.reader(), docs);
        String[] key = c.keywords(FILE_KEY);
        long[] offset = c.numbers(OFFSET, -1);
        for (int j = i; j < end; j++) {
          ProxyHit p = hits.get(order[j]);
          ObjectNode doc = JSON.objectNode();
          doc.putObject("proxy_audit").set("who", who.get(order[j]));
          out.add(
              new EventDocuments.Document(
                  EventDocuments.indexOf(p.hasTime() ? p.timeMillis() : Long.MIN_VALUE),
                  EventDocuments.id(node, key[j - i], offset[j - i]),
                  doc.toString(),
                  true));
        }
        i = end;
      }
      return out;
    }
  }

  private static void put(ObjectNode o, String name, String value) {
    if (value != null) {
      o.put(name, value);
    }
  }
}
