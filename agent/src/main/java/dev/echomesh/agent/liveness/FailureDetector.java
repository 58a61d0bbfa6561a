package dev.echomesh.agent.liveness;

import dev.echomesh.agent.peers.PeerState;
import java.time.Duration;
import java.util.Objects;

/**
 * Decides a peer's {@link PeerState} from what was heard and when: a pure function of its
 * arguments, so the peer table calls it on its own tick and tests step through time by numbers.
 *
 * <p>Transitions:
 *
 * <pre>
 *   ALIVE --(silent for suspectAfter)--&gt; SUSPECT --(silent for deadAfter)--&gt; DEAD
 *   SUSPECT, DEAD --(heard: same or newer incarnation)--&gt; ALIVE
 *   any state --(Leave)--&gt; LEFT --(heard: newer incarnation only)--&gt; ALIVE
 * </pre>
 *
 * <ul>
 *   <li><b>Silence</b> ({@link #onSilence}) moves ALIVE to SUSPECT to DEAD; "silent" is the time
 *       since the last {@link LivenessListener.HeardFrom}. DEAD and LEFT never change by time.
 *   <li><b>Hearing</b> ({@link #onHeard}) makes ALIVE, SUSPECT and DEAD peers ALIVE again, even in
 *       the same incarnation: every reported datagram is newer than all earlier ones from that node
 *       (see {@link LivenessListener#heardFrom}), so the node really was alive after it was
 *       declared DEAD — this is how a host whose link was cut comes back without restarting. Only a
 *       newer incarnation brings back a LEFT peer: the Leave was the last datagram of its
 *       incarnation, so anything of that incarnation after it can only be a late straggler.
 *   <li><b>Leave</b> ({@link #onLeft}) marks LEFT at once, unless it is from an older incarnation
 *       than the one known (a Leave of an earlier run arriving after the restart).
 * </ul>
 *
 * <p><b>Timing.</b> A node killed at a random moment was last heard by an observer on average a
 * quarter of a ping interval before (the observer hears the node's pings and the node's pongs to
 * its own pings: two streams, one interval apart each). It is DEAD at "last heard + deadAfter",
 * noticed at the observer's next tick. With the defaults (200 ms pings, deadAfter 1.2 s, a tick
 * every 100 ms) detection after {@code kill -9} takes 1.1 to 1.3 s, well under the 2 s target; a
 * false DEAD needs 1.2 s with nothing received from a live node: about twelve datagrams lost in a
 * row, or a stall of a second. Call {@link #onSilence} at least every half ping interval, or use
 * {@link #nextChangeNanos} to schedule exactly.
 *
 * <p><b>Local health.</b> The detector judges the silence it is given. The agent gives it the
 * silence without this node's own stalls ({@link LocalHealth}: a late tick of the detector's loop
 * on the monotonic ticker excuses that span) and waits, a second at most, for datagrams still
 * waiting in the socket; a busy observer then does not declare its peers DEAD for its own
 * stall, while a healthy one detects a {@code kill -9} as fast as before.
 */
public final class FailureDetector {

  private final long suspectAfterNanos;
  private final long deadAfterNanos;

  /**
   * @param suspectAfter silence after which an ALIVE peer is SUSPECT; positive
   * @param deadAfter silence after which it is DEAD; longer than {@code suspectAfter}
   */
  public FailureDetector(Duration suspectAfter, Duration deadAfter) {
    Objects.requireNonNull(suspectAfter, "suspectAfter");
    Objects.requireNonNull(deadAfter, "deadAfter");
    if (suspectAfter.isNegative() || suspectAfter.isZero()) {
      throw new IllegalArgumentException("suspectAfter must be positive, got " + suspectAfter);
    }
    if (deadAfter.compareTo(suspectAfter) <= 0) {
      throw new IllegalArgumentException(
          "deadAfter (" + deadAfter + ") must be longer than suspectAfter (" + suspectAfter + ")");
    }
    this.suspectAfterNanos = suspectAfter.toNanos();
    this.deadAfterNanos = deadAfter.toNanos();
  }

  /** The detector with {@code config}'s suspect and dead timeouts. */
  public static FailureDetector of(LivenessConfig config) {
    return new FailureDetector(config.suspectAfter(), config.deadAfter());
  }

  /**
   * The state of a peer in state {@code current}, last heard at {@code lastHeardNanos}, at {@code
   * nowNanos} (both readings of one {@link dev.echomesh.agent.time.Ticker}, never of the wall
   * clock: a step of the wall clock must not look like silence).
   */
  public PeerState onSilence(PeerState current, long lastHeardNanos, long nowNanos) {
    Objects.requireNonNull(current, "current");
    if (current == PeerState.DEAD || current == PeerState.LEFT) {
      return current;
    }
    long silence = nowNanos - lastHeardNanos;
    if (silence >= deadAfterNanos) {
      return PeerState.DEAD;
    }
    return silence >= suspectAfterNanos ? PeerState.SUSPECT : PeerState.ALIVE;
  }

  /**
   * The state of a peer in state {@code current} (null for a peer not known yet) of incarnation
   * {@code knownIncarnation}, after hearing a fresh datagram of {@code heardIncarnation}.
   */
  public PeerState onHeard(PeerState current, long knownIncarnation, long heardIncarnation) {
    if (current == null) {
      return PeerState.ALIVE;
    }
    if (heardIncarnation < knownIncarnation) {
      return current;
    }
    if (current == PeerState.LEFT) {
      return heardIncarnation > knownIncarnation ? PeerState.ALIVE : PeerState.LEFT;
    }
    return PeerState.ALIVE;
  }

  /**
   * The state of a peer in state {@code current} (null for a peer not known yet) of incarnation
   * {@code knownIncarnation}, after its Leave of {@code leftIncarnation}.
   */
  public PeerState onLeft(PeerState current, long knownIncarnation, long leftIncarnation) {
    if (current != null && leftIncarnation < knownIncarnation) {
      return current;
    }
    return PeerState.LEFT;
  }

  /**
   * When {@link #onSilence} would next change the state of a peer in state {@code current} last
   * heard at {@code lastHeardNanos}, or {@link Long#MAX_VALUE} when time alone never changes it
   * (DEAD, LEFT).
   */
  public long nextChangeNanos(PeerState current, long lastHeardNanos) {
    Objects.requireNonNull(current, "current");
    return switch (current) {
      case ALIVE -> lastHeardNanos + suspectAfterNanos;
      case SUSPECT -> lastHeardNanos + deadAfterNanos;
      case DEAD, LEFT -> Long.MAX_VALUE;
    };
  }
}
