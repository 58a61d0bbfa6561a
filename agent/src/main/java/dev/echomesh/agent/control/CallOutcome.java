package dev.echomesh.agent.control;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskResult;
import java.util.Objects;

/**
 * The result of a call made through the agent, with the peer it went to.
 *
 * @param peer the node ID the peer query resolved to
 * @param peerName that peer's name; empty when unknown
 * @param result the task's outcome
 */
public record CallOutcome(NodeId peer, String peerName, TaskResult result) {

  public CallOutcome {
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(result, "result");
    peerName = peerName == null ? "" : peerName;
  }
}
