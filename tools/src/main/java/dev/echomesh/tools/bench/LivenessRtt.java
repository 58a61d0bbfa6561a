package dev.echomesh.tools.bench;

import dev.echomesh.agent.identity.MeshKey;
import dev.echomesh.agent.identity.NodeCredentials;
import dev.echomesh.agent.liveness.LivenessConfig;
import dev.echomesh.agent.liveness.LivenessListener;
import dev.echomesh.agent.liveness.LivenessService;
import dev.echomesh.agent.liveness.LocalNode;
import dev.echomesh.agent.liveness.PingTargetSource;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import org.HdrHistogram.Histogram;

/**
 * The agent's UDP liveness round trip, measured by the agent's own code: two {@link
 * LivenessService}s on loopback with the benchmark mesh's ping key; the pinger pings the
 * responder by unicast every {@code pingInterval}, and every Ping -> Pong round trip its
 * listener reports ({@link LivenessListener#roundTrip}) goes into a histogram. Round trips
 * reported before the warm-up ended are left out.
 */
final class LivenessRtt implements AutoCloseable {

  private final LivenessService responder;
  private final LivenessService pinger;
  private final RoundTrips samples;

  private LivenessRtt(LivenessService responder, LivenessService pinger, RoundTrips samples) {
    this.responder = responder;
    this.pinger = pinger;
    this.samples = samples;
  }

  /** Starts both services; round trips are recorded from {@code warmup} after now. */
  static LivenessRtt start(BenchCredentials credentials, Duration pingInterval, Duration warmup)
      throws IOException {
    MeshKey meshKey = credentials.meshKey();
    InetAddress loopback = InetAddress.getLoopbackAddress();
    LivenessConfig base =
        LivenessConfig.builder()
            .port(0)
            .bindAddress(loopback)
            .pingInterval(pingInterval)
            .pingJitter(Duration.ZERO)
            .suspectAfter(pingInterval.multipliedBy(50))
            .deadAfter(pingInterval.multipliedBy(100))
            .build();
    long incarnation = LocalNode.nextIncarnation(Clock.systemUTC(), 0);
    LivenessService responder =
        LivenessService.start(
            base, self(credentials.server(), "bench-server", incarnation), meshKey.secrets(), PingTargetSource.none(),
            IGNORE);
    RoundTrips samples = new RoundTrips(System.nanoTime() + warmup.toNanos());
    try {
      LivenessConfig pingerConfig =
          base.toBuilder()
              .addStaticTarget(new InetSocketAddress(loopback, responder.localAddress().getPort()))
              .build();
      LivenessService pinger =
          LivenessService.start(
              pingerConfig, self(credentials.client(), "bench-client", incarnation), meshKey.secrets(),
              PingTargetSource.none(), samples);
      return new LivenessRtt(responder, pinger, samples);
    } catch (IOException | RuntimeException e) {
      responder.close();
      throw e;
    }
  }

  private static LocalNode self(NodeCredentials node, String name, long incarnation) {
    return new LocalNode(node.nodeId(), name, 0, incarnation);
  }

  /** The round trips recorded so far, in nanoseconds (a copy). */
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
    private final long recordFromNanos;
    private final Histogram histogram = LatencyProbe.newHistogram();

    RoundTrips(long recordFromNanos) {
      this.recordFromNanos = recordFromNanos;
    }

    @Override
    public void heardFrom(HeardFrom event) {}

    @Override
    public void roundTrip(RoundTrip event) {
      if (System.nanoTime() - recordFromNanos >= 0) {
        synchronized (histogram) {
          histogram.recordValue(Math.max(0, Math.min(event.rttNanos(), histogram.getHighestTrackableValue())));
        }
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
