package dev.echomesh.agent.control;

import dev.echomesh.agent.Agent;
import io.netty.handler.codec.http.HttpResponseStatus;

/**
 * {@code GET /v1/diagnostics}: what the agent observes that helps find why peers cannot see it
 * ({@code echomesh doctor} reads it): whether its own mDNS announcement comes back, and the nodes
 * of other meshes it hears. See {@link DiagnosticsJson} for the format.
 */
final class DiagnosticsEndpoint implements Endpoint {

  private final Agent agent;

  DiagnosticsEndpoint(Agent agent) {
    this.agent = agent;
  }

  @Override
  public void handle(ApiRequest request, ApiExchange exchange) {
    exchange.json(HttpResponseStatus.OK, DiagnosticsJson.diagnostics(agent.discoveryReport()));
  }
}
