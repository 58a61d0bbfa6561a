package dev.echomesh.agent.link;

import dev.echomesh.agent.time.Ticker;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

/**
 * The deadlines of every call on one side of a link, kept with a single timer on the link's
 * event loop instead of one timer per call.
 *
 * <p>A timer per call costs, on every call, a scheduled task, its insertion into and removal
 * from the loop's priority queue, and often a {@code timerfd_settime} syscall when the loop's
 * next wake-up moves (measured: about a tenth of the CPU of a link at 64 calls in flight).
 * Nearly every call ends long before its deadline, so here a call only tells the sweep its
 * deadline; the timer is armed for the earliest deadline it has been told of and re-armed only
 * when an earlier one arrives. When it fires, {@link Owner#expireDue} ends the calls that are
 * due and names the next deadline among those still in flight. Deadlines are therefore kept
 * exactly (to the loop's timer precision), and the timer fires about once per call timeout on a
 * busy link, never per call. Confined to the event loop.
 */
final class DeadlineSweep implements Runnable {

  /** What {@link Owner#expireDue} returns when no call is left in flight. */
  static final long NONE = Long.MAX_VALUE;

  /** The side of a link whose calls have deadlines. */
  interface Owner {
    /**
     * Ends every call whose deadline is at or before {@code nowNanos}.
     *
     * @return the earliest deadline among the calls still in flight, or {@link #NONE}
     */
    long expireDue(long nowNanos);
  }

  private final EventLoop loop;
  private final Ticker ticker;
  private final Owner owner;
  private ScheduledFuture<?> timer;
  private long armedForNanos;

  DeadlineSweep(EventLoop loop, Ticker ticker, Owner owner) {
    this.loop = loop;
    this.ticker = ticker;
    this.owner = owner;
  }

  /** A call with this deadline is now in flight. */
  void track(long deadlineNanos) {
    if (timer == null || deadlineNanos - armedForNanos < 0) {
      arm(deadlineNanos, ticker.read());
    }
  }

  /** No call is in flight any more (the link closed): the timer stops. */
  void stop() {
    if (timer != null) {
      timer.cancel(false);
      timer = null;
    }
  }

  @Override
  public void run() {
    timer = null;
    long next = owner.expireDue(ticker.read());
    if (next != NONE) {
      track(next); // expiring may have started calls (callbacks) that armed the timer already
    }
  }

  /**
   * Adds to {@code due} the calls whose deadline is at or before {@code nowNanos}.
   *
   * @return the earliest deadline among the others, or {@link #NONE}
   */
  static <T> long collectDue(Iterable<T> calls, ToLongFunction<T> deadline, long nowNanos, List<T> due) {
    long next = NONE;
    for (T call : calls) {
      long at = deadline.applyAsLong(call);
      if (at - nowNanos <= 0) {
        due.add(call);
      } else if (next == NONE || at - next < 0) {
        next = at;
      }
    }
    return next;
  }

  private void arm(long deadlineNanos, long nowNanos) {
    if (timer != null) {
      timer.cancel(false);
    }
    armedForNanos = deadlineNanos;
    timer = loop.schedule(this, Math.max(0, deadlineNanos - nowNanos), TimeUnit.NANOSECONDS);
  }
}
