package dev.echomesh.agent.task.internal;

import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.time.Ticker;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.InputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Runs each keyed call at most once: the one place where an incoming call's idempotency key is
 * consulted, in front of the {@link TaskExecutor}. A call without a key passes straight through.
 *
 * <p>A call with a key (scoped by the caller's node ID) runs the task the first time; a repeat
 * within the {@link IdempotencyCache}'s window gets the first run's result, or waits for the
 * outcome of the run still in progress, and never runs the task again. Outcomes where the task
 * did not run (NOT_FOUND, DENIED, OVERLOADED) are not remembered, so a later retry may run it.
 *
 * <p>A keyed run belongs to the logical call, not to the link it arrived on: when every call
 * waiting for it goes away before its deadline (the link was cut, the caller cancelled), it runs
 * on, so a retry collects its outcome, and is interrupted at its own deadline if still running.
 */
public final class AtMostOnceHandler implements CallHandler, AutoCloseable {

  private final CallHandler delegate;
  private final IdempotencyCache<KeyedRun> cache;
  private final Ticker ticker;
  private final Clock clock;
  private final ScheduledThreadPoolExecutor deadlines;

  /**
   * @param window how long a finished keyed result is remembered
   * @param maxEntries keys remembered at once (see {@link IdempotencyCache})
   * @param maxResultBytes result bytes remembered at once (see {@link IdempotencyCache})
   * @param clock the clock of the requests' deadlines ({@link TaskRequest#deadline()})
   */
  public AtMostOnceHandler(CallHandler delegate, Duration window, int maxEntries, long maxResultBytes,
      Ticker ticker, Clock clock) {
    this.delegate = delegate;
    this.cache = new IdempotencyCache<>(window, maxEntries, maxResultBytes);
    this.ticker = ticker;
    this.clock = clock;
    this.deadlines = new ScheduledThreadPoolExecutor(1, new DefaultThreadFactory("echomesh-keyed-deadline", true));
    deadlines.setRemoveOnCancelPolicy(true);
  }

  /**
   * Streamed payloads pass straight through, keyed or not: their results are never held whole, so
   * they cannot be remembered and replayed. A retried streamed call may run its task again.
   */
  @Override
  public boolean streamsPayload(TaskRequest request) {
    return delegate.streamsPayload(request);
  }

  @Override
  public CallHandle startStreamed(TaskRequest request, InputStream payload, ResultSink sink) {
    return delegate.startStreamed(request, payload, sink);
  }

  @Override
  public CallHandle start(TaskRequest request, ResultSink sink) {
    byte[] key = request.idempotencyKey();
    if (key.length == 0) {
      return delegate.start(request, sink);
    }
    if (key.length > IdempotencyCache.MAX_KEY_BYTES) {
      sink.complete(TaskResult.error(TaskStatus.INVALID, "an idempotency key of " + key.length
          + " bytes is longer than the " + IdempotencyCache.MAX_KEY_BYTES + " bytes allowed"));
      return CallHandle.DONE;
    }
    IdempotencyCache.Claim<KeyedRun> claim = cache.claim(request.caller(), key, ticker.read(),
        () -> new KeyedRun(request));
    if (claim instanceof IdempotencyCache.Claim.Remembered<KeyedRun> remembered) {
      sink.complete(remembered.result());
      return CallHandle.DONE;
    }
    if (claim instanceof IdempotencyCache.Claim.Full<KeyedRun> full) {
      sink.complete(TaskResult.error(TaskStatus.OVERLOADED, full.maxEntries()
          + " keyed calls are remembered here (the limit); retry later"));
      return CallHandle.DONE;
    }
    if (claim instanceof IdempotencyCache.Claim.Running<KeyedRun> running) {
      return running.run().attach(sink);
    }
    IdempotencyCache.Claim.Fresh<KeyedRun> fresh = (IdempotencyCache.Claim.Fresh<KeyedRun>) claim;
    KeyedRun run = fresh.run();
    CallHandle waiter = run.attach(sink);
    run.start(fresh.entry());
    return waiter;
  }

  /** Stops the deadline timer; runs still in progress are the executor's to end. Idempotent. */
  @Override
  public void close() {
    deadlines.shutdownNow();
  }

  /** Whether a result says the task never ran, so that the key must not be remembered. */
  static boolean didNotRun(TaskResult result) {
    return switch (result.status()) {
      case NOT_FOUND, DENIED, OVERLOADED -> true;
      default -> false;
    };
  }

  /** A keyed run and the calls waiting for its outcome. Guarded by its own lock. */
  private final class KeyedRun {
    private final TaskRequest request;
    private final List<ResultSink> waiters = new ArrayList<>();
    private CallHandle work = CallHandle.DONE;
    private boolean done;
    private TaskResult outcome;

    KeyedRun(TaskRequest request) {
      this.request = request;
    }

    void start(IdempotencyCache.Entry<KeyedRun> entry) {
      CallHandle started = delegate.start(request, result -> finish(entry, result));
      synchronized (this) {
        work = started;
      }
    }

    /** Adds a call waiting for the outcome; its handle detaches it (the run goes on). */
    CallHandle attach(ResultSink sink) {
      TaskResult ended;
      synchronized (this) {
        ended = outcome;
        if (ended == null) {
          waiters.add(sink);
          return () -> detach(sink);
        }
      }
      sink.complete(ended); // it finished between the claim and here
      return CallHandle.DONE;
    }

    private void detach(ResultSink sink) {
      synchronized (this) {
        if (!waiters.remove(sink) || done || !waiters.isEmpty()) {
          return;
        }
      }
      long leftNanos = Duration.between(clock.instant(), request.deadline()).toNanos();
      if (leftNanos <= 0) {
        interruptWork();
      } else {
        try {
          deadlines.schedule(this::interruptIfAbandoned, leftNanos, TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException closed) {
          interruptWork();
        }
      }
    }

    private void interruptIfAbandoned() {
      synchronized (this) {
        if (done || !waiters.isEmpty()) {
          return;
        }
      }
      interruptWork();
    }

    private void interruptWork() {
      CallHandle handle;
      synchronized (this) {
        handle = work;
      }
      handle.interrupt();
    }

    private void finish(IdempotencyCache.Entry<KeyedRun> entry, TaskResult result) {
      if (didNotRun(result)) {
        cache.abandon(entry);
      } else {
        cache.finish(entry, result, ticker.read());
      }
      List<ResultSink> toTell;
      synchronized (this) {
        if (done) {
          return;
        }
        done = true;
        outcome = result;
        toTell = List.copyOf(waiters);
        waiters.clear();
      }
      toTell.forEach(waiter -> waiter.complete(result));
    }
  }
}
