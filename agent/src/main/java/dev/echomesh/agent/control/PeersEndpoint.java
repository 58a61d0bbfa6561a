package dev.echomesh.agent.control;

import dev.echomesh.agent.Agent;
import io.netty.handler.codec.http.HttpResponseStatus;

/** {@code GET /v1/peers}: every peer the agent knows, in node ID order. */
final class PeersEndpoint implements Endpoint {

  private final Agent agent;

  PeersEndpoint(Agent agent) {
    this.agent = agent;
  }

  @Override
  public void handle(ApiRequest request, ApiExchange exchange) {
    exchange.json(HttpResponseStatus.OK, ApiJson.peers(agent.peers()));
  }
}
