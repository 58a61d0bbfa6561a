package dev.echomesh.agent.time;

/**
 * A monotonic time source, in nanoseconds on the {@link System#nanoTime()} scale: the one clock
 * the agent measures durations on (silence of peers, round trips, call deadlines, idle links,
 * uptime). Readings never go back and do not follow steps of the wall clock.
 *
 * <p>Only the difference of two readings of one ticker means anything; a single reading is not a
 * time of day and may be negative. Compare readings by subtraction ({@code a - b < 0}), never with
 * {@code <}, as {@link System#nanoTime()} requires.
 *
 * <p>The agent gets its ticker from {@code AgentConfig} and passes the same one to liveness, the
 * link layer and the peer table, so their readings can be compared; tests substitute one they
 * advance by hand. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface Ticker {

  /** The current reading, in nanoseconds. */
  long read();

  /** The system's monotonic clock, {@link System#nanoTime()}. */
  static Ticker system() {
    return SystemTicker.INSTANCE;
  }
}
