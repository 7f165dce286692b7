package dev.proxyaudit.analyzer.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;

/**
 * The largest heap in use while a phase runs, sampled every 5 ms on a daemon thread. (Summing each
 * memory pool's own peak overstates it: the pools peak at different moments.)
 */
final class HeapSampler {
  private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile long max;

  private HeapSampler() {
    thread =
        new Thread(
            () -> {
              while (running) {
                max = Math.max(max, memory.getHeapMemoryUsage().getUsed());
                try {
                  Thread.sleep(5);
                } catch (InterruptedException e) {
                  return;
                }
              }
            },
            "heap-sampler");
    thread.setDaemon(true);
  }

  static HeapSampler start() {
    System.gc();
    HeapSampler s = new HeapSampler();
    s.thread.start();
    return s;
  }

  /** Stops sampling; the largest heap seen, in bytes. */
  long stop() throws InterruptedException {
    running = false;
    thread.join();
    return max;
  }
}
