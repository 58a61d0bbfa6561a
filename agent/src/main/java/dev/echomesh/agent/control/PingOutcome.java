package dev.echomesh.agent.control;

import dev.echomesh.agent.identity.NodeId;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One ping's outcome, as the agent reports it.
 *
 * @param peer the peer pinged
 * @param peerName its name
 * @param address where the ping went ("198.18.0.2:47200"); empty when no UDP address is known
 * @param roundTrip the round trip; empty when no pong came in time
 * @param message why there was no answer; empty when answered
 */
public record PingOutcome(
    NodeId peer, String peerName, String address, Optional<Duration> roundTrip, String message) {

  public PingOutcome {
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(peerName, "peerName");
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(roundTrip, "roundTrip");
    Objects.requireNonNull(message, "message");
  }

  /** Whether the pong arrived in time. */
  public boolean answered() {
    return roundTrip.isPresent();
  }
}
