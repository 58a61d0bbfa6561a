package dev.echomesh.agent.control;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echomesh.agent.Agent;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskResult;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/broadcast/{task}}: calls a task on every ALIVE peer with the request body as
 * payload; answers {@code {"results": [outcome...]}} in node ID order.
 */
final class BroadcastEndpoint implements Endpoint {

  private static final Logger log = LoggerFactory.getLogger(BroadcastEndpoint.class);

  private final Agent agent;
  private final ControlConfig config;

  BroadcastEndpoint(Agent agent, ControlConfig config) {
    this.agent = agent;
    this.config = config;
  }

  @Override
  public void handle(ApiRequest request, ApiExchange exchange) throws ControlException {
    String task = request.pathParam("task");
    Duration timeout = request.timeout(config);
    CompletableFuture<Map<NodeId, TaskResult>> broadcast;
    try {
      broadcast = agent.broadcast(task, request.body(), timeout);
    } catch (IllegalArgumentException e) {
      throw new ControlException(ControlError.MALFORMED_REQUEST, e.getMessage());
    }
    broadcast
        .orTimeout(timeout.plus(config.callGrace()).toNanos(), TimeUnit.NANOSECONDS)
        .whenComplete(
            (results, failure) -> {
              if (failure != null) {
                log.error("a broadcast of '{}' failed", task, failure);
                exchange.error(
                    new ControlException(
                        ControlError.INTERNAL, "the broadcast failed: " + failure));
              } else {
                exchange.json(HttpResponseStatus.OK, results(results));
              }
            });
  }

  private ObjectNode results(Map<NodeId, TaskResult> results) {
    Map<NodeId, String> names = new HashMap<>();
    agent.peers().forEach(peer -> names.put(peer.id(), peer.name()));
    ObjectNode node = ApiJson.object();
    ArrayNode array = node.putArray("results");
    new TreeMap<>(results)
        .forEach(
            (id, result) ->
                array.add(
                    ApiJson.outcome(new CallOutcome(id, names.getOrDefault(id, ""), result))));
    return node;
  }
}
