package dev.echomesh.tools.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Measures throughput: calls completed per second with a fixed number in flight. Pipelined
 * targets run a closed loop where each completion starts the next call (no extra thread in
 * the path); blocking targets run calls back to back on the calling thread, one in flight.
 * Every echo's length is checked (content is checked by the latency probe).
 */
final class ThroughputProbe {

  /** Completions run inline this deep at most before the next call hops to another thread. */
  private static final int MAX_INLINE_DEPTH = 16;
  private static final ThreadLocal<int[]> DEPTH = ThreadLocal.withInitial(() -> new int[1]);

  private ThroughputProbe() {}

  /** One call in flight, back to back on this thread. */
  static ThroughputResult measureBlocking(
      EchoTarget target, byte[] payload, Budget budget, Duration callTimeout) {
    return measureBlocking(target, payload, budget.warmup(), budget.measure(), budget.maxCalls(), callTimeout);
  }

  /** One call in flight for {@code ramp} (not counted), then for {@code measure}. */
  static ThroughputResult measureBlocking(
      EchoTarget target, byte[] payload, Duration ramp, Duration measure, long maxCalls, Duration callTimeout) {
    runBlocking(target, payload, ramp, maxCalls, callTimeout);
    long start = System.nanoTime();
    long calls = runBlocking(target, payload, measure, maxCalls, callTimeout);
    return ThroughputResult.of(1, calls, System.nanoTime() - start);
  }

  private static long runBlocking(
      EchoTarget target, byte[] payload, Duration phase, long maxCalls, Duration callTimeout) {
    long end = System.nanoTime() + phase.toNanos();
    long calls = 0;
    while (calls < maxCalls && System.nanoTime() - end < 0) {
      byte[] echoed;
      try {
        echoed = target.call(payload, callTimeout);
      } catch (Exception e) {
        throw new BenchException(target.name() + " call failed: " + e, e);
      }
      checkLength(target, payload, echoed);
      calls++;
    }
    return calls;
  }

  /**
   * {@code inFlight} calls kept in flight on the target's one connection.
   *
   * @param drainTimeout how long to wait, after the measured phase, for calls still in flight
   */
  static ThroughputResult measurePipelined(
      EchoTarget target, byte[] payload, int inFlight, Budget budget, Duration drainTimeout) {
    return measurePipelined(
        target, payload, inFlight, budget.warmup(), budget.measure(), budget.maxCalls(), drainTimeout);
  }

  /**
   * {@code inFlight} calls kept in flight for {@code ramp} (not counted), then for
   * {@code measure}; at most {@code 2 * maxCalls} calls in all.
   *
   * @param drainTimeout how long to wait, after the measured phase, for calls still in flight
   */
  static ThroughputResult measurePipelined(
      EchoTarget target, byte[] payload, int inFlight, Duration ramp, Duration measure, long maxCalls,
      Duration drainTimeout) {
    if (inFlight < 1) {
      throw new IllegalArgumentException("inFlight must be >= 1, got " + inFlight);
    }
    ExecutorService trampoline =
        Executors.newSingleThreadExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "bench-trampoline");
              thread.setDaemon(true);
              return thread;
            });
    ClosedLoop loop = new ClosedLoop(target, payload, inFlight, 2 * maxCalls, trampoline);
    try {
      loop.start();
      loop.awaitEnd(ramp);
      long startCalls = loop.completed.get();
      long start = System.nanoTime();
      loop.awaitEnd(measure);
      long calls = loop.completed.get() - startCalls;
      long nanos = System.nanoTime() - start;
      loop.stopping = true;
      if (!loop.awaitEnd(drainTimeout)) {
        throw new BenchException(
            target.name() + ": calls still in flight " + drainTimeout.toMillis() + " ms after the run");
      }
      Throwable failure = loop.failure.get();
      if (failure != null) {
        throw new BenchException(target.name() + " call failed: " + failure, failure);
      }
      return ThroughputResult.of(inFlight, calls, nanos);
    } finally {
      loop.stopping = true;
      trampoline.shutdownNow();
    }
  }

  private static void checkLength(EchoTarget target, byte[] payload, byte[] echoed) {
    if (echoed == null || echoed.length != payload.length) {
      throw new BenchException(
          target.name() + " echoed " + (echoed == null ? "nothing" : echoed.length + " bytes")
              + " for " + payload.length + " sent");
    }
  }

  private static final class ClosedLoop {
    final EchoTarget target;
    final byte[] payload;
    final int lanes;
    final long maxCalls;
    final ExecutorService trampoline;
    final AtomicLong issued = new AtomicLong();
    final AtomicLong completed = new AtomicLong();
    final AtomicReference<Throwable> failure = new AtomicReference<>();
    final CountDownLatch lanesDone;
    volatile boolean stopping;

    ClosedLoop(EchoTarget target, byte[] payload, int lanes, long maxCalls, ExecutorService trampoline) {
      this.target = target;
      this.payload = payload;
      this.lanes = lanes;
      this.maxCalls = maxCalls;
      this.trampoline = trampoline;
      this.lanesDone = new CountDownLatch(lanes);
    }

    void start() {
      for (int i = 0; i < lanes; i++) {
        issue();
      }
    }

    /** Waits up to {@code timeout} for every lane to end; true when they all did. */
    boolean awaitEnd(Duration timeout) {
      try {
        return lanesDone.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new BenchException("interrupted", e);
      }
    }

    /** Starts this lane's next call, or ends the lane. */
    void issue() {
      if (stopping || failure.get() != null || issued.incrementAndGet() > maxCalls) {
        lanesDone.countDown();
        return;
      }
      CompletableFuture<byte[]> call;
      try {
        call = target.callAsync(payload);
      } catch (RuntimeException e) {
        failure.compareAndSet(null, e);
        lanesDone.countDown();
        return;
      }
      call.whenComplete(this::onComplete);
    }

    private void onComplete(byte[] echoed, Throwable error) {
      if (error != null) {
        failure.compareAndSet(null, error);
      } else if (echoed == null || echoed.length != payload.length) {
        failure.compareAndSet(
            null,
            new BenchException(
                target.name() + " echoed " + (echoed == null ? "nothing" : echoed.length + " bytes")
                    + " for " + payload.length + " sent"));
      } else {
        completed.incrementAndGet();
      }
      int[] depth = DEPTH.get();
      if (depth[0] >= MAX_INLINE_DEPTH) {
        try {
          trampoline.execute(this::issue);
        } catch (RejectedExecutionException e) {
          // The run is over and its trampoline stopped: this lane ends here.
          lanesDone.countDown();
        }
        return;
      }
      depth[0]++;
      try {
        issue();
      } finally {
        depth[0]--;
      }
    }
  }
}
