package dev.echomesh.agent.control;

import dev.echomesh.agent.Agent;
import dev.echomesh.agent.identity.NodeId;
import java.util.Optional;

/**
 * {@code DELETE /v1/deny/{node}}: lifts a denial ({@link Agent#allow}); {@code node} is a full node
 * ID or a unique prefix of a denied one. Answers like {@link DenyEndpoint}; DENIED_BY_CONFIG when
 * the config file denies the node.
 */
final class AllowEndpoint implements Endpoint {

  private final Agent agent;

  AllowEndpoint(Agent agent) {
    this.agent = agent;
  }

  @Override
  public void handle(ApiRequest request, ApiExchange exchange) throws ControlException {
    NodeId node =
        NodeArgument.resolve(request.pathParam("node"), agent.deniedNodes(), text -> Optional.empty());
    AdminWork.answer(exchange, () -> DenyEndpoint.changed(agent, node, allow(node)));
  }

  private boolean allow(NodeId node) throws ControlException {
    try {
      return agent.allow(node);
    } catch (IllegalStateException e) {
      throw new ControlException(ControlError.DENIED_BY_CONFIG, e.getMessage());
    }
  }
}
