package dev.echomesh.agent.control;

import dev.echomesh.agent.Agent;
import dev.echomesh.agent.peers.Peer;

/**
 * {@code DELETE /v1/peers/{peer}}: removes a peer from the table now ({@link Agent#forget});
 * answers the peer as it was. A peer that is still running comes back when next heard.
 */
final class ForgetEndpoint implements Endpoint {

  private final Agent agent;
  private final PeerResolver resolver;

  ForgetEndpoint(Agent agent, PeerResolver resolver) {
    this.agent = agent;
    this.resolver = resolver;
  }

  @Override
  public void handle(ApiRequest request, ApiExchange exchange) throws ControlException {
    Peer peer = resolver.resolve(request.pathParam("peer"));
    AdminWork.answer(
        exchange,
        () ->
            ApiJson.peer(
                agent
                    .forget(peer.id())
                    .orElseThrow(
                        () ->
                            new ControlException(
                                ControlError.PEER_NOT_FOUND,
                                "peer " + peer.id().shortForm() + " left the table meanwhile"))));
  }
}
