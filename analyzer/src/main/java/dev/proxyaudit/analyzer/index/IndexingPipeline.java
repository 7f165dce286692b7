package dev.proxyaudit.analyzer.index;

import dev.proxyaudit.analyzer.event.ConnectionEvent;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.lucene.document.Document;
import org.apache.lucene.index.IndexWriter;

/**
 * Parsing on the caller's thread, mapping and indexing on worker threads: Lucene's writer takes
 * documents from several threads at once, and on a 2-core VPS indexing, not parsing, is the slow
 * half. Batches keep the hand-off cheap; a semaphore bounds the events in flight (memory), and
 * {@link #flush} waits for all of them, so a commit covers exactly what was added.
 */
final class IndexingPipeline implements AutoCloseable {
  private static final int BATCH = 1024;

  private final IndexWriter writer;
  private final ExecutorService workers;
  private final Semaphore inFlight;
  private final int permits;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private List<ConnectionEvent> batch = new ArrayList<>(BATCH);

  private final long session;

  IndexingPipeline(IndexWriter writer, int threads, long session) {
    this.writer = writer;
    this.session = session;
    this.permits = Math.max(1, threads * 2);
    this.inFlight = new Semaphore(permits);
    this.workers =
        threads == 0
            ? null
            : Executors.newFixedThreadPool(
                threads,
                r -> {
                  Thread t = new Thread(r, "proxy-audit-indexer");
                  t.setDaemon(true);
                  return t;
                });
  }

  /** The number of indexing threads for this machine: all cores, parsing shares them. */
  static int defaultThreads() {
    Integer set = Integer.getInteger("proxyaudit.indexThreads");
    return set != null ? set : Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
  }

  void add(ConnectionEvent e) throws IOException {
    if (workers == null) {
      writer.addDocument(
          DocumentMapper.toDocument(e, session)); // proxyaudit.indexThreads=0: inline
      return;
    }
    batch.add(e);
    if (batch.size() == BATCH) {
      submit();
    }
  }

  private void submit() throws IOException {
    rethrow();
    List<ConnectionEvent> b = batch;
    batch = new ArrayList<>(BATCH);
    try {
      inFlight.acquire();
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while indexing", ex);
    }
    workers.execute(
        () -> {
          try {
            List<Document> docs = new ArrayList<>(b.size());
            for (ConnectionEvent e : b) {
              docs.add(DocumentMapper.toDocument(e, session));
            }
            writer.addDocuments(docs);
          } catch (Throwable t) {
            failure.compareAndSet(null, t);
          } finally {
            inFlight.release();
          }
        });
  }

  /** Returns once every event handed in so far is in the writer. */
  void flush() throws IOException {
    if (workers == null) {
      return;
    }
    if (!batch.isEmpty()) {
      submit();
    }
    try {
      inFlight.acquire(permits);
      inFlight.release(permits);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while indexing", ex);
    }
    rethrow();
  }

  private void rethrow() throws IOException {
    Throwable t = failure.get();
    if (t instanceof IOException io) {
      throw io;
    }
    if (t instanceof RuntimeException re) {
      throw re;
    }
    if (t instanceof Error err) {
      throw err;
    }
    if (t != null) {
      throw new IOException(t);
    }
  }

  /** Stops the workers; events not flushed are dropped (the writer rolls back anyway). */
  @Override
  public void close() {
    if (workers == null) {
      return;
    }
    workers.shutdownNow();
    try {
      workers.awaitTermination(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
