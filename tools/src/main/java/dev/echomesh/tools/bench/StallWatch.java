package dev.echomesh.tools.bench;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;

/**
 * Prints {@code stall MILLIS LENGTH_MS} whenever this process did not run for a while: a daemon
 * thread that wakes every {@link #INTERVAL} on {@link System#nanoTime()} and reports a wake-up
 * more than {@link #THRESHOLD} late (GC pauses, CPU starvation). The soak puts these beside the
 * DEAD listings, to tell an observer's stall from a silent peer's.
 */
final class StallWatch implements Runnable {

  static final Duration INTERVAL = Duration.ofMillis(50);
  /** Lateness reported: well above scheduling jitter, well below the 1.2 s DEAD bound. */
  static final Duration THRESHOLD = Duration.ofMillis(250);

  private StallWatch() {}

  /** Starts the watch on a daemon thread. */
  static void start() {
    Thread thread = new Thread(new StallWatch(), "soak-stall-watch");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public void run() {
    long interval = INTERVAL.toNanos();
    long threshold = THRESHOLD.toNanos();
    long last = System.nanoTime();
    while (!Thread.currentThread().isInterrupted()) {
      LockSupport.parkNanos(interval);
      long now = System.nanoTime();
      long late = now - last - interval;
      if (late > threshold) {
        LanAgentMain.event("stall", System.currentTimeMillis(), Long.toString(late / 1_000_000));
      }
      last = now;
    }
  }
}
