package dev.echomesh.tools.bench;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * UDP round trips: the agent's liveness Ping -> Pong beside a plain Java {@code DatagramSocket}
 * ping-pong.
 *
 * <p>Liveness pings are periodic, never back to back, so the comparison that means something is
 * at the same pace: the plain ping-pong sends one datagram every {@link #PING_INTERVAL} (the
 * shortest interval the liveness service accepts), of about a ping's size, at the same time as
 * the agent's services ping each other, so both see the same machine. That paced ping-pong is the
 * baseline of {@code ratios.udpRttP50VsJavaUdp}; a back-to-back ping-pong (the machine's best
 * case, hot caches and busy cores) is reported beside it.
 */
final class UdpSuite {

  /** Interval of the paced runs: the liveness service's shortest ping interval. */
  static final Duration PING_INTERVAL = Duration.ofMillis(10);
  /** Datagram size of the plain ping-pong: about an echomesh Ping (HMAC-authenticated beacon). */
  static final int JAVA_UDP_PAYLOAD_BYTES = 150;

  private final BenchPlan plan;
  private final BenchCredentials credentials;
  private final Consumer<String> progress;

  UdpSuite(BenchPlan plan, BenchCredentials credentials, Consumer<String> progress) {
    this.plan = plan;
    this.credentials = credentials;
    this.progress = progress;
  }

  UdpResults run() {
    Measured<LatencyResult> backToBack = backToBack();
    progress.accept(
        "udp: echomesh liveness and javaUdp paced at one ping per " + PING_INTERVAL.toMillis() + " ms for "
            + plan.udp().total().toMillis() + " ms");
    LivenessRtt liveness = null;
    String livenessFailure = null;
    try {
      liveness = LivenessRtt.start(credentials, PING_INTERVAL, plan.udp().warmup());
    } catch (Exception | LinkageError e) {
      livenessFailure = "the agent's liveness service did not start: " + e;
    }
    Measured<LatencyResult> paced;
    Measured<LatencyResult> echomesh;
    try {
      paced = pacedJavaUdp();
      echomesh = liveness == null ? Measured.missing(livenessFailure) : echomeshFrom(liveness);
    } finally {
      if (liveness != null) {
        liveness.close();
      }
    }
    return new UdpResults(
        paced,
        JAVA_UDP_PAYLOAD_BYTES,
        echomesh,
        "agent LivenessService Ping -> Pong round trips (HMAC-SHA256 datagrams) as its listener reports them,"
            + " two services on loopback, one ping per " + PING_INTERVAL.toMillis() + " ms",
        backToBack);
  }

  private static Measured<LatencyResult> echomeshFrom(LivenessRtt liveness) {
    Histogram histogram = liveness.histogram();
    if (histogram.getTotalCount() == 0) {
      return Measured.missing("the liveness service reported no round trip; counters: " + liveness.counters());
    }
    return Measured.of(LatencyResult.of(histogram));
  }

  private Measured<LatencyResult> backToBack() {
    progress.accept("udp: javaUdp back to back, " + JAVA_UDP_PAYLOAD_BYTES + " B");
    try (UdpPingPong udp = UdpPingPong.open()) {
      return Measured.of(
          LatencyProbe.measure(udp, CallSuite.payload(JAVA_UDP_PAYLOAD_BYTES), plan.udp(), plan.callTimeout()));
    } catch (Exception e) {
      return Measured.missing("javaUdp back to back: " + e.getMessage());
    }
  }

  /** One round trip per interval for the warm-up (not kept) then the measured time. */
  private Measured<LatencyResult> pacedJavaUdp() {
    byte[] payload = CallSuite.payload(JAVA_UDP_PAYLOAD_BYTES);
    try (UdpPingPong udp = UdpPingPong.open()) {
      paced(udp, payload, plan.udp().warmup(), null);
      Histogram histogram = LatencyProbe.newHistogram();
      paced(udp, payload, plan.udp().measure(), histogram);
      return Measured.of(LatencyResult.of(histogram));
    } catch (Exception e) {
      return Measured.missing("javaUdp paced: " + e.getMessage());
    }
  }

  private void paced(UdpPingPong udp, byte[] payload, Duration phase, Histogram histogram) {
    long interval = PING_INTERVAL.toNanos();
    long start = System.nanoTime();
    long rounds = Math.min(plan.udp().maxCalls(), phase.toNanos() / interval);
    for (long i = 0; i < rounds; i++) {
      long due = start + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      LatencyProbe.record(udp, payload, Duration.ofDays(1), 1, plan.callTimeout(), histogram);
    }
  }
}
