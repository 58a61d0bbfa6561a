package dev.echomesh.tools.bench;

import dev.echomesh.agent.Agent;
import dev.echomesh.agent.AnyCallResult;
import dev.echomesh.agent.PeerSelector;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerState;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** {@link SoakCalls} through the Java API of the agent in this process. */
final class AgentSoakCalls implements SoakCalls {

  private final Agent agent;
  private final Duration timeout;

  AgentSoakCalls(Agent agent, Duration timeout) {
    this.agent = Objects.requireNonNull(agent, "agent");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  @Override
  public List<NodeId> alivePeers() {
    return agent.peers().stream().filter(p -> p.state() == PeerState.ALIVE).map(Peer::id).toList();
  }

  @Override
  public CompletableFuture<Outcome> call(NodeId peer, byte[] payload) {
    return agent.call(peer, SoakTask.NAME, payload, timeout)
        .thenApply(result -> new Outcome(result.status().name(), peer, 1, SoakTrail.empty()));
  }

  @Override
  public CompletableFuture<Outcome> callAny(byte[] payload) {
    return agent.callAny(SoakTask.NAME, PeerSelector.random(), payload, timeout)
        .thenApply(any -> new Outcome(any.result().status().name(), any.peer(), any.attempts(), trail(any)));
  }

  private static SoakTrail trail(AnyCallResult any) {
    return new SoakTrail(any.trail().stream()
        .map(a -> new SoakTrail.Step(a.peer().toString(), a.status().name(), a.dispatch().name(), a.peerCondition(),
            a.started().toMillis(), a.ended().toMillis()))
        .toList());
  }
}
