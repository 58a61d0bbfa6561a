package dev.echomesh.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The latency and throughput probes against fake targets: counts, bounds and failures. */
class ProbesTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private final ExecutorService completer = Executors.newSingleThreadExecutor();

  @AfterEach
  void stop() {
    completer.shutdownNow();
  }

  @Test
  void latencyMeasure_echoingTarget_recordsAtMostMaxCallsSamples() {
    LatencyResult result =
        LatencyProbe.measure(new FakeTarget(completer, false), new byte[8], new Budget(Duration.ZERO, TIMEOUT, 50), TIMEOUT);

    assertEquals(50, result.samples());
  }

  @Test
  void latencyMeasure_wrongBytes_failsTheMeasurement() {
    BenchException e =
        assertThrows(
            BenchException.class,
            () ->
                LatencyProbe.measure(
                    new FakeTarget(completer, true), new byte[8], new Budget(Duration.ZERO, TIMEOUT, 5), TIMEOUT));
    assertTrue(e.getMessage().contains("differ"), e.getMessage());
  }

  @Test
  void measurePipelined_boundedByMaxCalls_completesEveryCallItStarted() {
    FakeTarget target = new FakeTarget(completer, false);

    ThroughputResult result =
        ThroughputProbe.measurePipelined(target, new byte[8], 16, Duration.ZERO, TIMEOUT, 1_000, TIMEOUT);

    assertTrue(result.calls() <= 2_000, "calls " + result.calls());
    assertEquals(target.started.get(), target.completed.get());
    assertEquals(16, result.inFlight());
  }

  @Test
  void measurePipelined_failingCall_failsTheMeasurementWithItsCause() {
    EchoTarget failing =
        new FakeTarget(completer, false) {
          @Override
          public CompletableFuture<byte[]> callAsync(byte[] payload) {
            return CompletableFuture.failedFuture(new IllegalStateException("link closed"));
          }
        };

    BenchException e =
        assertThrows(
            BenchException.class,
            () -> ThroughputProbe.measurePipelined(failing, new byte[8], 4, Duration.ZERO, TIMEOUT, 100, TIMEOUT));
    assertTrue(e.getMessage().contains("link closed"), e.getMessage());
  }

  @Test
  void measurePipelined_synchronousCompletions_doNotOverflowTheStack() {
    EchoTarget immediate =
        new FakeTarget(completer, false) {
          @Override
          public CompletableFuture<byte[]> callAsync(byte[] payload) {
            return CompletableFuture.completedFuture(payload.clone());
          }
        };

    ThroughputResult result =
        ThroughputProbe.measurePipelined(immediate, new byte[8], 1, Duration.ZERO, TIMEOUT, 100_000, TIMEOUT);

    assertTrue(result.calls() > 0);
  }

  @Test
  void rotated_eachRound_startsWithTheNextContender() {
    assertEquals(List.of("b", "c", "a"), CallSuite.rotated(List.of("a", "b", "c"), 1));
    assertEquals(List.of("a", "b", "c"), CallSuite.rotated(List.of("a", "b", "c"), 3));
  }

  @Test
  void budget_outOfRange_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> new Budget(Duration.ofSeconds(-1), TIMEOUT, 1));
    assertThrows(IllegalArgumentException.class, () -> new Budget(Duration.ZERO, Duration.ZERO, 1));
    assertThrows(IllegalArgumentException.class, () -> new Budget(Duration.ZERO, TIMEOUT, 0));
  }

  /** Echoes on another thread (or corrupts the echo). */
  private static class FakeTarget implements EchoTarget {
    final ExecutorService completer;
    final boolean corrupt;
    final AtomicInteger started = new AtomicInteger();
    final AtomicInteger completed = new AtomicInteger();

    FakeTarget(ExecutorService completer, boolean corrupt) {
      this.completer = completer;
      this.corrupt = corrupt;
    }

    @Override
    public String name() {
      return "fake";
    }

    @Override
    public String transport() {
      return "memory";
    }

    @Override
    public boolean pipelined() {
      return true;
    }

    @Override
    public byte[] call(byte[] payload, Duration timeout) {
      byte[] echo = payload.clone();
      if (corrupt) {
        echo[0]++;
      }
      return echo;
    }

    @Override
    public CompletableFuture<byte[]> callAsync(byte[] payload) {
      started.incrementAndGet();
      return CompletableFuture.supplyAsync(
          () -> {
            completed.incrementAndGet();
            return payload.clone();
          },
          completer);
    }

    @Override
    public void close() {}
  }
}
