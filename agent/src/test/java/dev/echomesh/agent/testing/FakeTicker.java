package dev.echomesh.agent.testing;

import dev.echomesh.agent.time.Ticker;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link Ticker} that stands still until the test advances it. It starts at an arbitrary large
 * reading, not 0, so code that takes a reading for a time of day shows up. Thread-safe: agents'
 * threads may read it while the test advances it.
 *
 * <pre>{@code
 * FakeTicker ticker = new FakeTicker();
 * long start = ticker.read();
 * ticker.advance(Duration.ofMillis(1500));
 * }</pre>
 */
public final class FakeTicker implements Ticker {

  /** The first reading of a new fake ticker. */
  public static final long START_NANOS = 7_000_000_000_000L;

  private final AtomicLong nanos;

  /** A ticker reading {@link #START_NANOS}. */
  public FakeTicker() {
    this(START_NANOS);
  }

  /**
   * A ticker reading {@code startNanos}: any value, negative ones and ones about to overflow
   * included, as {@link System#nanoTime()} may return them.
   */
  public FakeTicker(long startNanos) {
    this.nanos = new AtomicLong(startNanos);
  }

  @Override
  public long read() {
    return nanos.get();
  }

  /**
   * Lets {@code duration} pass.
   *
   * @throws IllegalArgumentException if it is negative: a monotonic clock never goes back
   */
  public FakeTicker advance(Duration duration) {
    return advanceNanos(duration.toNanos());
  }

  /** Lets {@code nanos} nanoseconds pass; see {@link #advance}. */
  public FakeTicker advanceNanos(long nanos) {
    if (nanos < 0) {
      throw new IllegalArgumentException("a ticker never goes back, got " + nanos + " ns");
    }
    this.nanos.addAndGet(nanos);
    return this;
  }

  @Override
  public String toString() {
    return "FakeTicker[" + nanos.get() + " ns]";
  }
}
