package dev.echomesh.agent.time;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;

/**
 * Wall-clock instants for moments measured on a {@link Ticker}, for showing to people ("last seen
 * 12:00:03"): the wall clock now, minus the time the ticker says has passed since.
 *
 * <p>An instant made here is what the wall clock said (or would have said) at that moment; it is
 * never read back to measure anything. A step of the wall clock moves the instants made after it,
 * as it moves every timestamp on this host, but no duration the agent measures. Thread-safe.
 */
public final class DisplayTime {

  private final Clock clock;
  private final Ticker ticker;

  /**
   * @param clock the wall clock the instants are on
   * @param ticker the ticker the readings to convert come from
   */
  public DisplayTime(Clock clock, Ticker ticker) {
    this.clock = Objects.requireNonNull(clock, "clock");
    this.ticker = Objects.requireNonNull(ticker, "ticker");
  }

  /** The wall-clock instant of the moment {@code ticker} read {@code tickerNanos}. */
  public Instant instantOf(long tickerNanos) {
    long ago = ticker.read() - tickerNanos;
    return clock.instant().minusNanos(ago);
  }
}
