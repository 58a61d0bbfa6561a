package dev.echomesh.agent.testing;

import dev.echomesh.agent.time.Ticker;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A wall clock that the test can step forward and back, as NTP or an operator steps a real one.
 * Between steps it either stands still ({@link #fixedAt}), moves with a {@link Ticker} like a real
 * wall clock moves with time ({@link #following}), or runs with the system clock
 * ({@link #system}). Always in UTC; thread-safe.
 *
 * <pre>{@code
 * FakeTicker ticker = new FakeTicker();
 * FakeClock clock = FakeClock.following(ticker, Instant.parse("2026-01-01T00:00:00Z"));
 * ticker.advance(Duration.ofSeconds(1));   // both move
 * clock.step(Duration.ofSeconds(-30));     // only the wall clock moves
 * }</pre>
 */
public final class FakeClock extends Clock {

  private final Clock base;
  private final AtomicLong offsetNanos = new AtomicLong();

  private FakeClock(Clock base) {
    this.base = base;
  }

  /** A clock standing at {@code start} until stepped. */
  public static FakeClock fixedAt(Instant start) {
    return new FakeClock(Clock.fixed(start, ZoneOffset.UTC));
  }

  /**
   * A clock at {@code start} now that then moves exactly as far as {@code ticker}, plus its steps.
   */
  public static FakeClock following(Ticker ticker, Instant start) {
    Objects.requireNonNull(ticker, "ticker");
    Objects.requireNonNull(start, "start");
    long origin = ticker.read();
    return new FakeClock(new Clock() {
      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a fake clock is in UTC");
      }

      @Override
      public Instant instant() {
        return start.plusNanos(ticker.read() - origin);
      }
    });
  }

  /** The system's UTC clock, plus the steps made so far: for agents that run in real time. */
  public static FakeClock system() {
    return new FakeClock(Clock.systemUTC());
  }

  /**
   * Sets the clock forward ({@code by} positive) or back ({@code by} negative), at once, as a
   * time-sync daemon stepping a clock does.
   */
  public FakeClock step(Duration by) {
    offsetNanos.addAndGet(by.toNanos());
    return this;
  }

  /** How far the steps so far moved this clock from its base. */
  public Duration offset() {
    return Duration.ofNanos(offsetNanos.get());
  }

  @Override
  public Instant instant() {
    return base.instant().plusNanos(offsetNanos.get());
  }

  @Override
  public long millis() {
    return instant().toEpochMilli();
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a fake clock is in UTC");
  }

  @Override
  public String toString() {
    return "FakeClock[" + instant() + "]";
  }
}
