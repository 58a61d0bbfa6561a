package dev.echomesh.agent.liveness;

import dev.echomesh.agent.identity.MeshSecrets;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.time.Ticker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * UDP liveness: pings every target each interval, answers every peer's pings with a pong, and
 * reports what it hears to a {@link LivenessListener}; on close, says goodbye with a Leave.
 *
 * <p>Every datagram is authenticated with the mesh ping key (HMAC-SHA256) and must be fresh (see
 * {@link LivenessConfig#maxClockSkew()} and {@link LivenessConfig#replayWindow()}); malformed,
 * unauthenticated, stale and replayed datagrams are dropped, counted ({@link #counters()}) and
 * logged at a limited rate, and never reach the listener.
 *
 * <p>The service knows node IDs but no peer table: deciding ALIVE, SUSPECT and DEAD is for the
 * caller, with a {@link FailureDetector} on its own tick. It runs two daemon threads: one blocked
 * receiving (it answers pings on the spot and calls the listener), one sending the ping rounds. The
 * first round goes out as soon as {@link #start} returns.
 *
 * <p>Time: everything measured (round trips, probe timeouts, when a datagram arrived) is read from
 * the ticker given to {@link #start}, which must be the one the caller's failure detector reads;
 * the wall clock given there only stamps the datagrams' send times and judges their staleness.
 */
public interface LivenessService extends AutoCloseable {

  /**
   * Binds the UDP socket and starts pinging.
   *
   * @param config ports, intervals and limits
   * @param self what pings and pongs say about this node
   * @param secrets the mesh secrets; the ping key authenticates every datagram
   * @param targets the broadcast (and other) targets, asked once per round; {@link
   *     PingTargetSource#none()} to ping only the config's static targets
   * @param listener told what is heard, on the receive thread
   * @param wallClock stamps each datagram's send time and judges received ones stale ({@link
   *     LivenessConfig#maxClockSkew()}); nothing else
   * @param ticker the monotonic time of round trips, probe timeouts and {@link
   *     LivenessListener.HeardFrom#atNanos()}
   * @throws IOException when the socket cannot be bound; the message names the address
   */
  static LivenessService start(
      LivenessConfig config,
      LocalNode self,
      MeshSecrets secrets,
      PingTargetSource targets,
      LivenessListener listener,
      Clock wallClock,
      Ticker ticker)
      throws IOException {
    Transport transport =
        UdpTransport.bind(new InetSocketAddress(config.bindAddress(), config.port()));
    return RealLivenessService.start(
        config, self, secrets, targets, listener, transport, wallClock, ticker);
  }

  /** The bound address, with the real port when port 0 was configured. */
  InetSocketAddress localAddress();

  /** What this node announces. */
  LocalNode self();

  /**
   * Round-trip times and loss of {@code peer} now; {@link PingStats#NONE} for a peer never heard.
   */
  PingStats stats(NodeId peer);

  /**
   * Sends one ping to {@code target} now, outside the periodic rounds, for {@code echomesh ping}
   * and benchmarks. The future completes with the round trip when the pong arrives, or fails with a
   * {@link java.util.concurrent.TimeoutException} after {@code timeout}, an {@link IOException}
   * when the ping cannot be sent, or an {@link IllegalStateException} when closed or when 1,024
   * probes are already in flight. It completes on the receive thread: attach only quick callbacks,
   * or use the {@code ...Async} variants. The sample also reaches the listener and the peer's
   * round-trip statistics, but not its loss figure.
   */
  CompletableFuture<LivenessListener.RoundTrip> probe(InetSocketAddress target, Duration timeout);

  /**
   * Whether datagrams wait in the socket now, not yet read by the receive thread: while they do,
   * silence is not yet known to be silence (the failure detector may wait for them, see {@link
   * LocalHealth}). False once closed.
   */
  boolean receiveBacklog();

  /** What has been accepted, dropped and failed since start. */
  LivenessCounters counters();

  /**
   * Stops pinging, sends a Leave (twice) to every target, and closes the socket. Returns within
   * about two seconds at most. Idempotent.
   */
  @Override
  void close();
}
