package dev.echomesh.agent.peers.internal;

import dev.echomesh.agent.peers.PeerState;
import java.time.Duration;
import java.util.Objects;

/**
 * When a peer that is gone leaves the peer table: a LEFT or DEAD peer is removed once it has been
 * silent (nothing heard that proves it alive) for {@code forgetAfter}. A pure function of its
 * arguments, like the failure detector it follows: silence is measured from the same "last heard"
 * reading of the agent's {@link dev.echomesh.agent.time.Ticker}, so the steps are
 *
 * <pre>
 *   ALIVE --(silent suspectAfter)--&gt; SUSPECT --(deadAfter)--&gt; DEAD --(forgetAfter)--&gt; removed
 *   LEFT --(silent forgetAfter)--&gt; removed
 * </pre>
 *
 * <p>ALIVE and SUSPECT peers never expire. A removed peer that is heard again is a new ALIVE
 * record. Thread-safe (immutable).
 */
public final class PeerExpiry {

  private static final PeerExpiry NEVER = new PeerExpiry(0);

  private final long forgetAfterNanos;

  private PeerExpiry(long forgetAfterNanos) {
    this.forgetAfterNanos = forgetAfterNanos;
  }

  /**
   * Removes LEFT and DEAD peers silent for {@code forgetAfter}.
   *
   * @param forgetAfter positive, or zero for {@link #never()}
   * @throws IllegalArgumentException if {@code forgetAfter} is negative
   */
  public static PeerExpiry after(Duration forgetAfter) {
    Objects.requireNonNull(forgetAfter, "forgetAfter");
    if (forgetAfter.isNegative()) {
      throw new IllegalArgumentException("forgetAfter must not be negative, got " + forgetAfter);
    }
    return forgetAfter.isZero() ? NEVER : new PeerExpiry(forgetAfter.toNanos());
  }

  /** Keeps every peer until it is removed by hand. */
  public static PeerExpiry never() {
    return NEVER;
  }

  /**
   * Whether a peer in state {@code state}, last heard at {@code lastHeardNanos}, is to leave the
   * table at {@code nowNanos} (both readings of one ticker, compared by subtraction).
   */
  public boolean expired(PeerState state, long lastHeardNanos, long nowNanos) {
    Objects.requireNonNull(state, "state");
    if (forgetAfterNanos == 0 || (state != PeerState.LEFT && state != PeerState.DEAD)) {
      return false;
    }
    return nowNanos - lastHeardNanos >= forgetAfterNanos;
  }

  @Override
  public String toString() {
    return forgetAfterNanos == 0 ? "PeerExpiry[never]"
        : "PeerExpiry[" + Duration.ofNanos(forgetAfterNanos) + "]";
  }
}
