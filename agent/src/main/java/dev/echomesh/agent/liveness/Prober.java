package dev.echomesh.agent.liveness;

import dev.echomesh.agent.concurrent.PollingFuture;
import dev.echomesh.agent.liveness.LivenessListener.RoundTrip;
import dev.echomesh.agent.time.Ticker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * On-demand pings outside the rounds ({@link LivenessService#probe}): sent from the caller's
 * thread, matched by the receive thread when the pong arrives. A caller blocking on the result
 * polls briefly before it parks ({@link PollingFuture}), as a blocking UDP ping-pong would wait
 * in {@code receive}.
 *
 * <p>Timeouts are enforced by one sweep scheduled for the earliest deadline, not by a timer per
 * probe: back-to-back probes then cost no extra thread wake-up each, which would otherwise compete
 * for the CPU with the very round trip being measured. Thread-safe.
 */
final class Prober {

  /** Probes in flight at most; more fail at once instead of queueing. */
  static final int MAX_IN_FLIGHT = 1_024;

  private final EnvelopeFactory envelopes;
  private final DatagramCodec codec;
  private final Targets targets;
  private final Transport transport;
  private final Counters counters;
  private final Ticker ticker;
  private final ScheduledExecutorService timer;
  private final Map<Long, Probe> inFlight = new ConcurrentHashMap<>();

  /** When the next sweep runs; Long.MAX_VALUE when none is scheduled. Guarded by this. */
  private long sweepAtNanos = Long.MAX_VALUE;

  /**
   * One probe in flight.
   *
   * @param echoNanos the timestamp in its ping, echoed by the pong
   * @param sentNanos when the ping went to the socket: round trips count from here
   * @param deadlineNanos when it times out
   * @param result what waits for the pong
   */
  record Probe(
      long echoNanos, long sentNanos, long deadlineNanos, CompletableFuture<RoundTrip> result) {}

  Prober(
      EnvelopeFactory envelopes,
      DatagramCodec codec,
      Targets targets,
      Transport transport,
      Counters counters,
      Ticker ticker,
      ScheduledExecutorService timer) {
    this.envelopes = envelopes;
    this.codec = codec;
    this.targets = targets;
    this.transport = transport;
    this.counters = counters;
    this.ticker = ticker;
    this.timer = timer;
  }

  CompletableFuture<RoundTrip> probe(InetSocketAddress target, Duration timeout) {
    CompletableFuture<RoundTrip> result = new PollingFuture<>();
    if (inFlight.size() >= MAX_IN_FLIGHT) {
      result.completeExceptionally(
          new IllegalStateException(
              "too many liveness probes in flight ("
                  + MAX_IN_FLIGHT
                  + "); wait for some to finish"));
      return result;
    }
    String mac = targets.interfaceFor(target.getAddress()).map(LocalInterface::mac).orElse("");
    long echoNanos = ticker.read();
    Envelope ping = envelopes.ping(echoNanos, mac);
    ByteBuffer datagram;
    synchronized (codec) {
      datagram = codec.encode(ping);
    }
    long sentNanos = ticker.read();
    Probe probe = new Probe(echoNanos, sentNanos, sentNanos + timeout.toNanos(), result);
    inFlight.put(ping.seq(), probe);
    try {
      transport.send(datagram, target);
    } catch (IOException e) {
      counters.sendFailed();
      result.completeExceptionally(e);
    }
    // After sending, to keep it off the measured path; a pong that already arrived has taken the
    // probe out, and this then runs at once.
    result.whenComplete((roundTrip, failure) -> inFlight.remove(ping.seq(), probe));
    if (!result.isDone()) {
      sweepBy(probe.deadlineNanos());
    }
    return result;
  }

  /**
   * The probe that a pong echoing {@code (seq, echoNanos)} answers, taken out of the in-flight set;
   * null when it answers no probe in flight.
   */
  Probe take(long seq, long echoNanos) {
    Probe probe = inFlight.get(seq);
    if (probe == null || probe.echoNanos() != echoNanos || !inFlight.remove(seq, probe)) {
      return null;
    }
    return probe;
  }

  /** Fails every probe in flight, e.g. on close. */
  void failAll(Throwable reason) {
    for (Probe probe : inFlight.values()) {
      probe.result().completeExceptionally(reason);
    }
  }

  /** Makes sure a sweep runs at {@code deadlineNanos} or earlier. */
  private synchronized void sweepBy(long deadlineNanos) {
    if (deadlineNanos - sweepAtNanos >= 0 && sweepAtNanos != Long.MAX_VALUE) {
      return;
    }
    sweepAtNanos = deadlineNanos;
    try {
      timer.schedule(
          this::sweep, Math.max(0, deadlineNanos - ticker.read()), TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException e) {
      // Closing: close() fails every probe in flight.
      sweepAtNanos = Long.MAX_VALUE;
    }
  }

  /** Times out the probes past their deadline and schedules the next sweep, if any is left. */
  private void sweep() {
    synchronized (this) {
      sweepAtNanos = Long.MAX_VALUE;
    }
    long now = ticker.read();
    long next = Long.MAX_VALUE;
    for (Probe probe : inFlight.values()) {
      if (now - probe.deadlineNanos() >= 0) {
        probe
            .result()
            .completeExceptionally(
                new TimeoutException(
                    "no pong within "
                        + Duration.ofNanos(probe.deadlineNanos() - probe.sentNanos())));
      } else if (next == Long.MAX_VALUE || probe.deadlineNanos() - next < 0) {
        next = probe.deadlineNanos();
      }
    }
    if (next != Long.MAX_VALUE) {
      sweepBy(next);
    }
  }
}
