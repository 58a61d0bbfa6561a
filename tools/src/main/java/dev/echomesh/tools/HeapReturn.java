package dev.echomesh.tools;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gives the Java heap back to the system after a burst of large payloads, in the {@code echomesh
 * agent} daemon (never in an embedding application, whose heap is its own business).
 *
 * <p>The launcher runs the agent on the Serial collector, which returns heap memory only at a full
 * collection (down to {@code -XX:MaxHeapFreeRatio} free, in one step with {@code
 * -XX:-ShrinkHeapInSteps}). An agent that goes quiet after large calls has no full collection for
 * hours: measured, a few 16 MiB calls left the heap, and the agent's RSS, 100+ MiB above idle.
 * So every {@link #CHECK_INTERVAL} this reads the committed heap; when it is {@link #GROWTH_BYTES}
 * or more above the lowest it has been, it asks for one full collection ({@code System.gc()}, a
 * pause of some milliseconds at an idle agent's live set), at most once per {@link #MIN_GAP}.
 * While collections in a row give nothing back (the memory is in use: large calls still running),
 * each further one waits twice as long as the one before, up to {@link #MAX_GAP}; one that gives
 * back resets the wait.
 */
final class HeapReturn {

  private static final Logger log = LoggerFactory.getLogger(HeapReturn.class);

  /** How often the committed heap is read. */
  static final Duration CHECK_INTERVAL = Duration.ofSeconds(10);
  /** Growth of the committed heap over its lowest that asks for a collection: two 16 MiB payloads. */
  static final long GROWTH_BYTES = 32L * 1024 * 1024;
  /** The least time between two collections asked for here. */
  static final Duration MIN_GAP = Duration.ofSeconds(30);
  /** The most the wait grows to while collections give nothing back. */
  static final Duration MAX_GAP = Duration.ofMinutes(10);
  private static final double BYTES_PER_MIB = 1024.0 * 1024.0;

  private final LongSupplier committedBytes;
  private final Runnable collect;
  private long lowestBytes = Long.MAX_VALUE;
  private long gapNanos = MIN_GAP.toNanos();
  private int fruitlessInARow;
  private long nextAllowedNanos;
  private boolean collectedBefore;

  /**
   * @param committedBytes the heap's committed size now
   * @param collect a full collection
   */
  HeapReturn(LongSupplier committedBytes, Runnable collect) {
    this.committedBytes = Objects.requireNonNull(committedBytes, "committedBytes");
    this.collect = Objects.requireNonNull(collect, "collect");
  }

  /** Checks this JVM's heap every {@link #CHECK_INTERVAL} on a daemon thread of its own. */
  static void startForThisJvm() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    HeapReturn heapReturn = new HeapReturn(() -> memory.getHeapMemoryUsage().getCommitted(), System::gc);
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(task -> {
      Thread thread = new Thread(task, "echomesh-heap-return");
      thread.setDaemon(true);
      return thread;
    });
    long interval = CHECK_INTERVAL.toNanos();
    timer.scheduleWithFixedDelay(() -> heapReturn.check(System.nanoTime()), interval, interval, TimeUnit.NANOSECONDS);
  }

  /**
   * One check at {@code nowNanos} (a {@link System#nanoTime} reading).
   *
   * @return whether it asked for a collection
   */
  boolean check(long nowNanos) {
    long committed = committedBytes.getAsLong();
    lowestBytes = Math.min(lowestBytes, committed);
    if (committed - lowestBytes < GROWTH_BYTES || (collectedBefore && nowNanos - nextAllowedNanos < 0)) {
      return false;
    }
    collect.run();
    long after = committedBytes.getAsLong();
    lowestBytes = Math.min(lowestBytes, after);
    boolean gaveBack = after - lowestBytes < GROWTH_BYTES;
    fruitlessInARow = gaveBack ? 0 : fruitlessInARow + 1;
    gapNanos = fruitlessInARow <= 1 ? MIN_GAP.toNanos() : Math.min(gapNanos * 2, MAX_GAP.toNanos());
    nextAllowedNanos = nowNanos + gapNanos;
    collectedBefore = true;
    log.debug("heap {} MiB committed, {} MiB after a full collection (lowest {} MiB); next at the earliest in {} s",
        mib(committed), mib(after), mib(lowestBytes), TimeUnit.NANOSECONDS.toSeconds(gapNanos));
    return true;
  }

  private static String mib(long bytes) {
    return String.format(Locale.ROOT, "%.1f", bytes / BYTES_PER_MIB);
  }
}
