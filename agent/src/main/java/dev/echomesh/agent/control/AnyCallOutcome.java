package dev.echomesh.agent.control;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskResult;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of a call to any peer that offers a task ({@code POST /v1/call-any/{task}}), with the
 * peer that answered and how many were tried.
 *
 * @param peer the peer whose answer {@link #result} is; null when no peer was called (none
 *     qualified)
 * @param peerName that peer's name; empty when unknown or no peer was called
 * @param peersTried distinct peers called, the answering one included
 * @param attempts calls made on all peers together (a retry on the same peer counts)
 * @param result the task's outcome
 */
public record AnyCallOutcome(NodeId peer, String peerName, int peersTried, int attempts, TaskResult result) {

  public AnyCallOutcome {
    Objects.requireNonNull(result, "result");
    peerName = peerName == null ? "" : peerName;
    if (peersTried < 0 || attempts < peersTried) {
      throw new IllegalArgumentException("tried " + peersTried + " peer(s) in " + attempts + " attempt(s)");
    }
  }

  /** The peer that answered; empty when none was called. */
  public Optional<NodeId> answeredBy() {
    return Optional.ofNullable(peer);
  }
}
