package dev.echomesh.agent;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.Dispatch;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of {@link Agent#callAny}: the result, which peer gave it, how many peers and calls
 * it took, and each call in turn.
 *
 * @param peer the peer whose answer {@link #result} is; null when no peer was called (none
 *     qualified, or the deadline passed first)
 * @param peersTried distinct peers called, the answering one included; 0 when none
 * @param attempts calls made, on every peer together (a retry on the same peer counts); 0 when none
 * @param result the last answer, or the reason there is none (UNAVAILABLE when no peer qualified,
 *     TIMEOUT when the deadline passed)
 * @param trail each call in the order made, to see where the time went; empty when the maker of
 *     this result kept none, else one entry per attempt
 */
public record AnyCallResult(NodeId peer, int peersTried, int attempts, TaskResult result, List<Attempt> trail) {

  /**
   * One call of a {@code callAny} to one peer.
   *
   * @param peer the peer called
   * @param started when the call started, after the start of the {@code callAny}
   * @param ended when it ended, after the start of the {@code callAny}
   * @param status its status
   * @param dispatch how far its request got
   * @param peerCondition what the caller knew of the peer when the call ended, which decided what
   *     came next: {@code ALIVE}, {@code SILENT} (SUSPECT or DEAD) or {@code GONE} (LEFT or
   *     unknown)
   */
  public record Attempt(NodeId peer, Duration started, Duration ended, TaskStatus status, Dispatch dispatch,
      String peerCondition) {

    public Attempt {
      Objects.requireNonNull(peer, "peer");
      Objects.requireNonNull(started, "started");
      Objects.requireNonNull(ended, "ended");
      Objects.requireNonNull(status, "status");
      Objects.requireNonNull(dispatch, "dispatch");
      Objects.requireNonNull(peerCondition, "peerCondition");
    }
  }

  public AnyCallResult {
    Objects.requireNonNull(result, "result");
    trail = List.copyOf(trail);
    if (attempts < 0 || (attempts == 0) != (peer == null)) {
      throw new IllegalArgumentException("a peer answers after at least one attempt, got " + peer + " after "
          + attempts);
    }
    if (peersTried > attempts || (peersTried == 0) != (attempts == 0)) {
      throw new IllegalArgumentException("peers tried must be 1 to the " + attempts + " attempt(s), got "
          + peersTried);
    }
    if (!trail.isEmpty() && trail.size() != attempts) {
      throw new IllegalArgumentException("a trail has one entry per attempt: " + attempts + " attempt(s), "
          + trail.size() + " entries");
    }
  }

  /** A result without a trail. */
  public AnyCallResult(NodeId peer, int peersTried, int attempts, TaskResult result) {
    this(peer, peersTried, attempts, result, List.of());
  }

  public boolean isOk() {
    return result.isOk();
  }
}
