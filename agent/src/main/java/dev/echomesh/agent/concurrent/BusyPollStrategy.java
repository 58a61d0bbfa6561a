package dev.echomesh.agent.concurrent;

import dev.echomesh.agent.time.Ticker;
import io.netty.channel.SelectStrategy;
import io.netty.channel.SelectStrategyFactory;
import io.netty.util.IntSupplier;
import io.netty.util.concurrent.FastThreadLocal;

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
 * <p>A loop that has handed work to another thread and expects its answer back soon (a call given
 * to a program serving it through the local API) can say so with {@link #expectWorkWithin}: it then
 * polls until work comes or that time is up, so the answer does not have to wake it either.
 *
 * <p>Cost: at most {@code window} of CPU after each burst of activity, or the expected wait where
 * one was given; none at all on an idle loop. One strategy per event loop (Netty asks the factory
 * once per loop), so its state is confined to that loop's thread.
 */
public final class BusyPollStrategy implements SelectStrategy {

  /** The strategy of the event loop running on this thread, once that loop has polled. */
  private static final FastThreadLocal<BusyPollStrategy> CURRENT = new FastThreadLocal<>();

  private final long windowNanos;
  private final Ticker ticker;
  /** Polling goes on until then, in {@link Ticker} nanos. */
  private long pollUntilNanos;
  /** Whether the loop slept (or has just started) since the last call: it then woke for work. */
  private boolean slept = true;
  /** Whether {@link #CURRENT} knows this strategy on its loop's thread. */
  private boolean current;

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

  /**
   * Tells the busy-polling event loop running the calling thread, if any, that work is expected
   * from another thread within {@code nanos}: it keeps polling until work arrives or that time is
   * up, instead of going to sleep after its usual window, so that handing the work over does not
   * have to wake it. Does nothing on any other thread, and on loops that do not busy-poll.
   */
  public static void expectWorkWithin(long nanos) {
    BusyPollStrategy strategy = CURRENT.getIfExists();
    if (strategy != null) {
      strategy.expectWorkUntil(strategy.ticker.read() + nanos);
    }
  }

  /**
   * Polls until work arrives or {@code nanos} ({@link Ticker} time) has come, whichever is first,
   * or for the usual window if that is longer; on the loop's thread.
   */
  void expectWorkUntil(long nanos) {
    if (slept || nanos - pollUntilNanos > 0) {
      pollUntilNanos = nanos;
      slept = false;
    }
  }

  @Override
  public int calculateStrategy(IntSupplier selectSupplier, boolean hasTasks) throws Exception {
    if (!current) {
      current = true;
      CURRENT.set(this);
    }
    long now = ticker.read();
    if (slept || hasTasks) {
      worked(now);
      return hasTasks ? selectSupplier.get() : pollOnce(selectSupplier, now);
    }
    return pollOnce(selectSupplier, now);
  }

  /** The loop woke or found work: it polls for the usual window from now; an expectation is met. */
  private void worked(long now) {
    slept = false;
    pollUntilNanos = now + windowNanos;
  }

  private int pollOnce(IntSupplier selectSupplier, long now) throws Exception {
    if (now - pollUntilNanos >= 0) {
      slept = true;
      return SelectStrategy.SELECT;
    }
    int ready = selectSupplier.get();
    if (ready > 0) {
      worked(now);
      return ready;
    }
    Thread.yield();
    return SelectStrategy.CONTINUE;
  }
}
