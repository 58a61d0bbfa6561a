package dev.echomesh.agent;

import dev.echomesh.agent.liveness.FailureDetector;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.peers.StateAssessor;
import java.time.Instant;

/**
 * The liveness {@link FailureDetector} as the peer table's {@link StateAssessor}: instants on the
 * agent's clock become nanoseconds since the epoch (exact until the year 2262), the scale the
 * detector compares silences on.
 */
final class DetectorAssessor implements StateAssessor {

  private final FailureDetector detector;

  DetectorAssessor(FailureDetector detector) {
    this.detector = detector;
  }

  @Override
  public PeerState assess(PeerState current, Instant lastSeen, Instant now) {
    return detector.onSilence(current, nanos(lastSeen), nanos(now));
  }

  static long nanos(Instant instant) {
    return Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
  }
}
