package dev.echomesh.agent.control;

import dev.echomesh.agent.Agent;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.peers.Peer;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /v1/deny/{node}}: denies a node ({@link Agent#deny}); {@code node} is a full node ID,
 * or a known peer's unique ID prefix or name. Answers {@code {"node", "changed", "denied"}}.
 */
final class DenyEndpoint implements Endpoint {

  private final Agent agent;
  private final PeerResolver resolver;

  DenyEndpoint(Agent agent, PeerResolver resolver) {
    this.agent = agent;
    this.resolver = resolver;
  }

  @Override
  public void handle(ApiRequest request, ApiExchange exchange) throws ControlException {
    List<NodeId> known = agent.peers().stream().map(Peer::id).toList();
    NodeId node =
        NodeArgument.resolve(
            request.pathParam("node"),
            known,
            text -> Optional.of(resolver.resolve(text).id()));
    if (node.equals(agent.nodeId())) {
      throw new ControlException(
          ControlError.MALFORMED_REQUEST, "node " + node + " is this node itself");
    }
    AdminWork.answer(exchange, () -> changed(agent, node, agent.deny(node)));
  }

  static Object changed(Agent agent, NodeId node, boolean changed) {
    return DenyListEndpoint.json(agent).put("node", node.toString()).put("changed", changed);
  }
}
