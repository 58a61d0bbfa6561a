package dev.echomesh.agent;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskResult;
import java.util.Objects;

/**
 * The outcome of {@link Agent#callAny}: the result, which peer gave it, and how many peers and
 * calls it took.
 *
 * @param peer the peer whose answer {@link #result} is; null when no peer was called (none
 *     qualified, or the deadline passed first)
 * @param peersTried distinct peers called, the answering one included; 0 when none
 * @param attempts calls made, on every peer together (a retry on the same peer counts); 0 when none
 * @param result the last answer, or the reason there is none (UNAVAILABLE when no peer qualified,
 *     TIMEOUT when the deadline passed)
 */
public record AnyCallResult(NodeId peer, int peersTried, int attempts, TaskResult result) {

  public AnyCallResult {
    Objects.requireNonNull(result, "result");
    if (attempts < 0 || (attempts == 0) != (peer == null)) {
      throw new IllegalArgumentException("a peer answers after at least one attempt, got " + peer + " after "
          + attempts);
    }
    if (peersTried > attempts || (peersTried == 0) != (attempts == 0)) {
      throw new IllegalArgumentException("peers tried must be 1 to the " + attempts + " attempt(s), got "
          + peersTried);
    }
  }

  public boolean isOk() {
    return result.isOk();
  }
}
