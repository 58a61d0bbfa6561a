package dev.echomesh.agent.liveness;

import dev.echomesh.agent.liveness.LivenessListener.RoundTrip;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * On-demand pings outside the rounds ({@link LivenessService#probe}): sent from the caller's
 * thread, matched by the receive thread when the pong arrives. Thread-safe.
 */
final class Prober {

  /** Probes in flight at most; more fail at once instead of queueing. */
  static final int MAX_IN_FLIGHT = 1_024;

  private final EnvelopeFactory envelopes;
  private final DatagramCodec codec;
  private final Targets targets;
  private final Transport transport;
  private final Counters counters;
  private final LongSupplier ticker;
  private final Map<Long, Probe> inFlight = new ConcurrentHashMap<>();

  /** One probe: its ping's send time, and what waits for the pong. */
  private record Probe(long sendNanos, CompletableFuture<RoundTrip> result) {}

  Prober(EnvelopeFactory envelopes, DatagramCodec codec, Targets targets, Transport transport, Counters counters,
      LongSupplier ticker) {
    this.envelopes = envelopes;
    this.codec = codec;
    this.targets = targets;
    this.transport = transport;
    this.counters = counters;
    this.ticker = ticker;
  }

  CompletableFuture<RoundTrip> probe(InetSocketAddress target, Duration timeout) {
    CompletableFuture<RoundTrip> result = new CompletableFuture<>();
    if (inFlight.size() >= MAX_IN_FLIGHT) {
      result.completeExceptionally(new IllegalStateException(
          "too many liveness probes in flight (" + MAX_IN_FLIGHT + "); wait for some to finish"));
      return result;
    }
    String mac = targets.interfaceFor(target.getAddress()).map(LocalInterface::mac).orElse("");
    long sendNanos = ticker.getAsLong();
    Envelope ping = envelopes.ping(sendNanos, mac);
    inFlight.put(ping.seq(), new Probe(sendNanos, result));
    result.whenComplete((roundTrip, failure) -> inFlight.remove(ping.seq()));
    result.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
    try {
      synchronized (codec) {
        transport.send(codec.encode(ping), target);
      }
    } catch (IOException e) {
      counters.sendFailed();
      result.completeExceptionally(e);
    }
    return result;
  }

  /**
   * The probe that pong {@code (seq, sendNanos)} answers, taken out of the in-flight set; null when
   * it answers no probe in flight.
   */
  CompletableFuture<RoundTrip> take(long seq, long sendNanos) {
    Probe probe = inFlight.get(seq);
    if (probe == null || probe.sendNanos() != sendNanos || !inFlight.remove(seq, probe)) {
      return null;
    }
    return probe.result();
  }

  /** Fails every probe in flight, e.g. on close. */
  void failAll(Throwable reason) {
    for (Probe probe : inFlight.values()) {
      probe.result().completeExceptionally(reason);
    }
  }
}
