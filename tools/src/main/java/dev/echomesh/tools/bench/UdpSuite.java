package dev.echomesh.tools.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.HdrHistogram.Histogram;

/**
 * UDP round trips: the agent's liveness Ping -> Pong beside a plain Java {@code DatagramSocket}
 * ping-pong, in two ways.
 *
 * <ul>
 *   <li>Back to back (the ratio's figures): one round trip at a time, the next as soon as one
 *       ends; the agent's pings are sent with {@code Agent.ping} between two agents on loopback
 *       and timed by the agent itself (ping on the socket to pong received). Both are measured
 *       in rounds, taking turns, like the call benchmark.
 *   <li>Paced like the agent's periodic pings: one round trip per {@link #PING_INTERVAL} (the
 *       shortest ping interval the service accepts), the agent's periodic rounds and the plain
 *       ping-pong at the same time. Slower than back to back on any machine: each round trip
 *       wakes sleeping threads and finds cold caches.
 * </ul>
 */
final class UdpSuite {

  /** Interval of the paced runs: the liveness service's shortest ping interval. */
  static final Duration PING_INTERVAL = Duration.ofMillis(10);
  /** Datagram size of the plain ping-pong: about an echomesh Ping (HMAC-authenticated beacon). */
  static final int JAVA_UDP_PAYLOAD_BYTES = 150;

  private static final String SOURCE =
      "back to back: Agent.ping between two agents on loopback (the round trip the agent reports:"
          + " ping on the socket to pong received); paced: the periodic pings of two LivenessServices"
          + " (the agent's liveness layer) as their listener reports them; HMAC-SHA256 datagrams";

  private final BenchPlan plan;
  private final BenchCredentials credentials;
  private final Consumer<String> progress;

  UdpSuite(BenchPlan plan, BenchCredentials credentials, Consumer<String> progress) {
    this.plan = plan;
    this.credentials = credentials;
    this.progress = progress;
  }

  /** Every figure missing for {@code reason}. */
  static UdpResults skipped(String reason) {
    return new UdpResults(
        Measured.missing(reason), Measured.missing(reason), Measured.missing(reason), Measured.missing(reason),
        JAVA_UDP_PAYLOAD_BYTES, SOURCE);
  }

  UdpResults run() {
    Measured<LatencyResult>[] backToBack = backToBack();
    Measured<LatencyResult>[] paced = paced();
    return new UdpResults(backToBack[0], backToBack[1], paced[0], paced[1], JAVA_UDP_PAYLOAD_BYTES, SOURCE);
  }

  /** [javaUdp, echomesh], one round trip at a time. */
  private Measured<LatencyResult>[] backToBack() {
    progress.accept("udp: javaUdp and echomesh probes back to back, " + plan.rounds() + " rounds");
    byte[] payload = CallSuite.payload(JAVA_UDP_PAYLOAD_BYTES);
    Duration slice = plan.udp().measure().dividedBy(plan.rounds());
    long sliceCalls = Math.max(1, plan.udp().maxCalls() / plan.rounds());
    Measured<LatencyResult> java;
    try (UdpPingPong udp = UdpPingPong.open()) {
      LatencyProbe.warm(udp, payload, plan.udp().warmup(), plan.udp().maxCalls(), plan.callTimeout());
      Histogram javaRtt = LatencyProbe.newHistogram();
      Measured<LatencyResult> echomesh;
      try (AgentPair agents = AgentPair.start(credentials)) {
        probe(agents, plan.udp().warmup(), plan.udp().maxCalls(), null);
        Histogram echomeshRtt = LatencyProbe.newHistogram();
        for (int round = 0; round < plan.rounds(); round++) {
          boolean javaFirst = round % 2 == 0;
          if (javaFirst) {
            LatencyProbe.record(udp, payload, slice, sliceCalls, plan.callTimeout(), javaRtt);
          }
          probe(agents, slice, sliceCalls, echomeshRtt);
          if (!javaFirst) {
            LatencyProbe.record(udp, payload, slice, sliceCalls, plan.callTimeout(), javaRtt);
          }
        }
        echomesh = Measured.of(LatencyResult.of(echomeshRtt));
      } catch (Exception | LinkageError e) {
        echomesh = Measured.missing("echomesh agent pings: " + e);
        if (javaRtt.getTotalCount() == 0) {
          LatencyProbe.record(udp, payload, plan.udp().measure(), plan.udp().maxCalls(), plan.callTimeout(), javaRtt);
        }
      }
      java = Measured.of(LatencyResult.of(javaRtt));
      return pair(java, echomesh);
    } catch (Exception e) {
      Measured<LatencyResult> failed = Measured.missing("javaUdp back to back: " + e);
      return pair(failed, Measured.missing("not measured: its baseline failed (" + e + ")"));
    }
  }

  /** Agent.ping one at a time; each round trip as the agent reports it. */
  private void probe(AgentPair agents, Duration phase, long maxCalls, Histogram histogram) {
    long end = System.nanoTime() + phase.toNanos();
    for (long i = 0; i < maxCalls && System.nanoTime() - end < 0; i++) {
      long rtt = ping(agents);
      if (histogram != null) {
        histogram.recordValue(Math.max(0, Math.min(rtt, histogram.getHighestTrackableValue())));
      }
    }
  }

  private long ping(AgentPair agents) {
    Duration timeout = plan.callTimeout();
    try {
      return agents.client().ping(agents.serverId(), timeout).get(timeout.toNanos() * 2, TimeUnit.NANOSECONDS).toNanos();
    } catch (ExecutionException | TimeoutException e) {
      throw new BenchException("agent ping failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted while pinging", e);
    }
  }

  /** [javaUdp, echomesh] at one round trip per {@link #PING_INTERVAL}, at the same time. */
  private Measured<LatencyResult>[] paced() {
    progress.accept(
        "udp: echomesh periodic pings and javaUdp paced at one per " + PING_INTERVAL.toMillis() + " ms");
    LivenessRtt liveness = null;
    String livenessFailure = null;
    try {
      liveness = LivenessRtt.periodic(credentials, PING_INTERVAL, plan.udp().warmup());
    } catch (Exception | LinkageError e) {
      livenessFailure = "the agent's liveness service did not start: " + e;
    }
    try {
      Measured<LatencyResult> java = pacedJavaUdp();
      Measured<LatencyResult> echomesh;
      if (liveness == null) {
        echomesh = Measured.missing(livenessFailure);
      } else {
        Histogram histogram = liveness.histogram();
        echomesh =
            histogram.getTotalCount() == 0
                ? Measured.missing("the liveness service reported no round trip; counters: " + liveness.counters())
                : Measured.of(LatencyResult.of(histogram));
      }
      return pair(java, echomesh);
    } finally {
      if (liveness != null) {
        liveness.close();
      }
    }
  }

  private Measured<LatencyResult> pacedJavaUdp() {
    byte[] payload = CallSuite.payload(JAVA_UDP_PAYLOAD_BYTES);
    try (UdpPingPong udp = UdpPingPong.open()) {
      paced(udp, payload, PING_INTERVAL.multipliedBy(10), null);
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
      long wait = start + i * interval - System.nanoTime();
      if (wait > 0) {
        LockSupport.parkNanos(wait);
      }
      if (histogram == null) {
        LatencyProbe.warm(udp, payload, Duration.ofDays(1), 1, plan.callTimeout());
      } else {
        LatencyProbe.record(udp, payload, Duration.ofDays(1), 1, plan.callTimeout(), histogram);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static Measured<LatencyResult>[] pair(Measured<LatencyResult> java, Measured<LatencyResult> echomesh) {
    return List.of(java, echomesh).toArray(new Measured[0]);
  }
}
