package dev.echomesh.tools.bench;

import java.time.Duration;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;

/**
 * What it costs here to wake a parked thread: two threads pass a token back and forth through
 * blocking queues (futex wake-ups, as an executor or an event loop's task queue uses); half the
 * round trip is one hand-off. A call with one outstanding wakes parked threads several times
 * (echomesh six, gRPC's blocking stub four, a blocking socket ping-pong two, whose socket
 * wake-ups the kernel may keep on the waker's CPU), so this number helps read the latency
 * figures: on a virtual machine whose idle vCPUs halt it was seen to jump from about 1 us to
 * about 30 us between runs.
 */
final class HandoffProbe {

  private static final Duration WARMUP = Duration.ofMillis(200);
  private static final Duration MEASURE = Duration.ofMillis(500);
  private static final long MAX_ROUND_TRIPS = 1_000_000;
  private static final long TAKE_TIMEOUT_MILLIS = 5_000;

  private HandoffProbe() {}

  /** The p50 of one hand-off in microseconds, or why it could not be measured. */
  static Measured<Double> measure() {
    BlockingQueue<Long> there = new ArrayBlockingQueue<>(1);
    BlockingQueue<Long> back = new ArrayBlockingQueue<>(1);
    Thread echo =
        new Thread(
            () -> {
              try {
                while (true) {
                  Long token = there.poll(TAKE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
                  if (token == null || token < 0) {
                    return;
                  }
                  back.put(token);
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "bench-handoff");
    echo.setDaemon(true);
    echo.start();
    try {
      run(there, back, WARMUP, null);
      Histogram roundTrips = LatencyProbe.newHistogram();
      run(there, back, MEASURE, roundTrips);
      return Measured.of(roundTrips.getValueAtPercentile(50) / 2 / 1_000.0);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Measured.missing("interrupted");
    } catch (BenchException e) {
      return Measured.missing(e.getMessage());
    } finally {
      there.offer(-1L);
    }
  }

  private static void run(BlockingQueue<Long> there, BlockingQueue<Long> back, Duration phase, Histogram histogram)
      throws InterruptedException {
    long end = System.nanoTime() + phase.toNanos();
    for (long i = 0; i < MAX_ROUND_TRIPS && System.nanoTime() - end < 0; i++) {
      long start = System.nanoTime();
      there.put(i);
      if (back.poll(TAKE_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS) == null) {
        throw new BenchException("the hand-off thread did not answer within " + TAKE_TIMEOUT_MILLIS + " ms");
      }
      if (histogram != null) {
        histogram.recordValue(System.nanoTime() - start);
      }
    }
  }
}
