package dev.echomesh.agent.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;

/**
 * The JSON of a call-any outcome, both ways: a call's outcome ({@link ApiJson#outcome}) plus
 * {@code peersTried} and {@code attempts}; {@code id} and {@code name} are absent when no peer was
 * called.
 */
final class AnyCallJson {

  private AnyCallJson() {}

  static ObjectNode outcome(AnyCallOutcome outcome) {
    ObjectNode node = ApiJson.object();
    if (outcome.peer() != null) {
      node.put("id", outcome.peer().toString()).put("name", outcome.peerName());
    }
    node.put("status", outcome.result().status().name())
        .put("message", outcome.result().message())
        .put("peersTried", outcome.peersTried())
        .put("attempts", outcome.attempts());
    ApiJson.putPayload(node, outcome.result().payload());
    return node;
  }

  static AnyCallOutcome outcomeFrom(JsonNode node) {
    TaskStatus status = TaskStatus.valueOf(ApiJson.text(node, "status"));
    TaskResult result = status == TaskStatus.OK
        ? TaskResult.ok(ApiJson.payloadFrom(node))
        : TaskResult.error(status, ApiJson.text(node, "message"));
    NodeId peer = node.hasNonNull("id") ? NodeId.parse(ApiJson.text(node, "id")) : null;
    String name = node.hasNonNull("name") ? ApiJson.text(node, "name") : "";
    return new AnyCallOutcome(peer, name, count(node, "peersTried"), count(node, "attempts"), result);
  }

  private static int count(JsonNode node, String field) {
    JsonNode value = ApiJson.required(node, field);
    if (!value.isIntegralNumber() || !value.canConvertToInt() || value.intValue() < 0) {
      throw new IllegalArgumentException("'" + field + "' must be a count, got " + value);
    }
    return value.intValue();
  }
}
