package dev.echomesh.agent.control;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echomesh.agent.Agent;
import io.netty.handler.codec.http.HttpResponseStatus;

/** {@code GET /v1/deny}: the nodes denied now, by the config file and live, in node ID order. */
final class DenyListEndpoint implements Endpoint {

  private final Agent agent;

  DenyListEndpoint(Agent agent) {
    this.agent = agent;
  }

  @Override
  public void handle(ApiRequest request, ApiExchange exchange) {
    exchange.json(HttpResponseStatus.OK, json(agent));
  }

  /** {@code {"denied": [ID, ...]}}. */
  static ObjectNode json(Agent agent) {
    ObjectNode node = ApiJson.object();
    ArrayNode denied = node.putArray("denied");
    agent.deniedNodes().stream().sorted().forEach(id -> denied.add(id.toString()));
    return node;
  }
}
