package dev.echomesh.agent.concurrent;

import dev.echomesh.agent.time.Ticker;
import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import io.netty.util.IntSupplier;

/**
 * Lets a Netty event loop (the links', the local API's) poll for a short while after it has
 * worked, before it sleeps: adaptive busy polling, the idea of Linux's {@code net.core.busy_poll}
 * applied to the loop.
 *
 * <p>Why: a call's round trip is a chain of hand-offs between threads (caller -> event loop ->
 * peer -> event loop -> caller). A loop asleep in {@code epoll_wait} must be woken, and on a
 * virtual machine waking an idle CPU costs the hypervisor 1 to 30 us, more than the rest of a
 * small call on loopback. Work comes in bursts (a call, then the next from the same caller a
 * few microseconds later), so a loop that has just worked keeps polling (sockets and task
 * queue, without sleeping) for {@code window}, and yields its CPU on every turn so that other
 * threads that need it run first. Then it sleeps as usual. While it polls, threads that hand it
 * work do not need to wake it either (Netty skips the eventfd write to an awake loop).
 *
 * <p>Cost: at most {@code window} of CPU after each burst of activity; none at all on an idle
 * loop. One strategy per event loop (Netty asks the factory once per loop), so its state is
 * confined to that loop's thread.
 */
public final class BusyPollStrategy implements SelectStrategy {

  private final long windowNanos;
  private final Ticker ticker;
  /** Polling goes on until then, in {@link Ticker} nanos. */
  private long pollUntilNanos;
  /** Whether the loop slept (or has just started) since the last call: it then woke for work. */
  private boolean slept = true;

  BusyPollStrategy(long windowNanos, Ticker ticker) {
    this.windowNanos = requirePositive(windowNanos);
    this.ticker = ticker;
  }

  /**
   * One strategy per loop, polling for {@code windowNanos} after work.
   *
   * @throws IllegalArgumentException when {@code windowNanos} is not positive
   */
  public static SelectStrategyFactory factory(long windowNanos) {
    requirePositive(windowNanos); // now, not when Netty builds each loop
    return () -> new BusyPollStrategy(windowNanos, Ticker.system());
  }

  private static long requirePositive(long windowNanos) {
    if (windowNanos <= 0) {
      throw new IllegalArgumentException("a busy-poll window must be positive, got " + windowNanos + " ns");
    }
    return windowNanos;
  }

  @Override
  public int calculateStrategy(IntSupplier selectSupplier, boolean hasTasks) throws Exception {
    long now = ticker.read();
    if (slept || hasTasks) {
      slept = false;
      pollUntilNanos = now + windowNanos;
      return hasTasks ? selectSupplier.get() : pollOnce(selectSupplier, now);
    }
    return pollOnce(selectSupplier, now);
  }

  private int pollOnce(IntSupplier selectSupplier, long now) throws Exception {
    if (now - pollUntilNanos >= 0) {
      slept = true;
      return SelectStrategy.SELECT;
    }
    int ready = selectSupplier.get();
    if (ready > 0) {
      pollUntilNanos = now + windowNanos;
      return ready;
    }
    Thread.yield();
    return SelectStrategy.CONTINUE;
  }
}
