package dev.echomesh.tools.bench;

import dev.echomesh.agent.identity.NodeId;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * How a soak agent makes its calls: through the Java API of its own agent ({@link
 * AgentSoakCalls}) today; an implementation over the local API can take its place without
 * changing the load or the analysis.
 */
interface SoakCalls {

  /**
   * How one call ended.
   *
   * @param status the result's status name, e.g. {@code OK}, {@code UNAVAILABLE}
   * @param peer the node that answered; null when none did
   * @param attempts calls made on the wire (1 for a plain call)
   * @param trail each attempt of a {@code callAny}; empty for a plain call
   */
  record Outcome(String status, NodeId peer, int attempts, SoakTrail trail) {}

  /** The peers a plain call may go to now (ALIVE ones). */
  List<NodeId> alivePeers();

  /** Calls {@link SoakTask#NAME} on {@code peer}, without an idempotency key. */
  CompletableFuture<Outcome> call(NodeId peer, byte[] payload);

  /** Calls {@link SoakTask#NAME} on any peer in random order, with fail-over and an idempotency key. */
  CompletableFuture<Outcome> callAny(byte[] payload);
}
