package dev.echomesh.tools.bench;

import dev.echomesh.agent.identity.MeshKey;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.identity.NodeKeys;
import dev.echomesh.agent.liveness.LivenessConfig;
import dev.echomesh.agent.liveness.LivenessListener;
import dev.echomesh.agent.liveness.LivenessService;
import dev.echomesh.agent.liveness.LocalNode;
import dev.echomesh.agent.liveness.PingTargetSource;
import dev.echomesh.agent.time.Ticker;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * The agent's UDP liveness round trip, measured by the agent's own code: two {@link
 * LivenessService}s on loopback with the benchmark mesh's ping key; the pinger pings the
 * responder by unicast every {@code pingInterval} and every Ping -> Pong round trip its listener
 * reports ({@link LivenessListener#roundTrip}) goes into a histogram.
 */
final class LivenessRtt implements AutoCloseable {

  /** Copies of the responder's address the warm-up node pings each round. */
  static final int WARMUP_TARGETS = 64;
  /** Rounds of the warm-up node. */
  static final Duration WARMUP_INTERVAL = Duration.ofMillis(10);

  private final LivenessService responder;
  private final LivenessService pinger;
  private final RoundTrips samples;

  private LivenessRtt(LivenessService responder, LivenessService pinger, RoundTrips samples) {
    this.responder = responder;
    this.pinger = pinger;
    this.samples = samples;
  }

  /**
   * Starts the responder and a pinger that sends one ping round per {@code pingInterval} (the
   * paced figure). Pings are rare, so at that pace the JIT would take minutes to compile the
   * datagram path; during {@code warmup} a third node first pings the responder at {@link
   * #WARMUP_TARGETS} copies of its address every {@link #WARMUP_INTERVAL}, so both directions
   * are compiled before the first round trip is kept. Returns when the pinger has started.
   */
  static LivenessRtt periodic(BenchCredentials credentials, Duration pingInterval, Duration warmup)
      throws IOException {
    MeshKey meshKey = credentials.meshKey();
    InetAddress loopback = InetAddress.getLoopbackAddress();
    LivenessConfig base = config(loopback, pingInterval);
    long incarnation = LocalNode.nextIncarnation(Clock.systemUTC(), 0);
    LivenessService responder =
        LivenessService.start(
            base, self(credentials.server().nodeId(), "bench-server", incarnation), meshKey.secrets(),
            PingTargetSource.none(), IGNORE, Clock.systemUTC(), Ticker.system());
    try {
      InetSocketAddress target = new InetSocketAddress(loopback, responder.localAddress().getPort());
      warm(config(loopback, WARMUP_INTERVAL), target, meshKey, incarnation, warmup);
      RoundTrips samples = new RoundTrips();
      LivenessService pinger =
          LivenessService.start(
              base.toBuilder().addStaticTarget(target).build(),
              self(credentials.client().nodeId(), "bench-client", incarnation),
              meshKey.secrets(),
              PingTargetSource.none(),
              samples,
              Clock.systemUTC(),
              Ticker.system());
      return new LivenessRtt(responder, pinger, samples);
    } catch (IOException | RuntimeException e) {
      responder.close();
      throw e;
    }
  }

  private static LivenessConfig config(InetAddress bind, Duration pingInterval) {
    return LivenessConfig.builder()
        .port(0)
        .bindAddress(bind)
        .pingInterval(pingInterval)
        .pingJitter(Duration.ZERO)
        .suspectAfter(pingInterval.multipliedBy(2))
        .deadAfter(pingInterval.multipliedBy(3))
        .build();
  }

  /** A throw-away node pinging {@code target} many times a round for {@code warmup}. */
  private static void warm(
      LivenessConfig base, InetSocketAddress target, MeshKey meshKey, long incarnation, Duration warmup)
      throws IOException {
    if (warmup.isZero()) {
      return;
    }
    LivenessConfig.Builder config = base.toBuilder();
    for (int i = 0; i < WARMUP_TARGETS; i++) {
      config.addStaticTarget(target);
    }
    NodeId warmer = NodeId.of(NodeKeys.generate().getPublic());
    try (LivenessService service =
        LivenessService.start(
            config.build(), self(warmer, "bench-warm-up", incarnation), meshKey.secrets(), PingTargetSource.none(),
            IGNORE, Clock.systemUTC(), Ticker.system())) {
      Thread.sleep(warmup.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted during the liveness warm-up", e);
    }
  }

  private static LocalNode self(NodeId node, String name, long incarnation) {
    return new LocalNode(node, name, 0, incarnation);
  }

  /** The periodic round trips recorded so far, in nanoseconds (a copy); probes included. */
  Histogram histogram() {
    return samples.copy();
  }

  /** Datagrams the two services dropped (malformed, unauthenticated, stale, replayed). */
  String counters() {
    return "pinger " + pinger.counters() + ", responder " + responder.counters();
  }

  @Override
  public void close() {
    pinger.close();
    responder.close();
  }

  /** The responder's listener: it only answers. */
  private static final LivenessListener IGNORE =
      new LivenessListener() {
        @Override
        public void heardFrom(HeardFrom event) {}

        @Override
        public void roundTrip(RoundTrip event) {}

        @Override
        public void left(Left event) {}
      };

  /** The pinger's listener: keeps each round trip after the warm-up. */
  private static final class RoundTrips implements LivenessListener {
    private final Histogram histogram = LatencyProbe.newHistogram();

    @Override
    public void heardFrom(HeardFrom event) {}

    @Override
    public void roundTrip(RoundTrip event) {
      synchronized (histogram) {
        histogram.recordValue(Math.max(0, Math.min(event.rttNanos(), histogram.getHighestTrackableValue())));
      }
    }

    @Override
    public void left(Left event) {}

    Histogram copy() {
      synchronized (histogram) {
        return histogram.copy();
      }
    }
  }
}
