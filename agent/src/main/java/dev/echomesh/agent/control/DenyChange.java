package dev.echomesh.agent.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.echomesh.agent.identity.NodeId;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer to a deny or allow request.
 *
 * @param node the node denied or allowed
 * @param changed false when it already was (deny) or was not (allow) denied
 * @param denied every node denied after the change, in node ID order
 */
public record DenyChange(NodeId node, boolean changed, List<NodeId> denied) {

  public DenyChange {
    denied = List.copyOf(denied);
  }

  static DenyChange from(JsonNode node) {
    return new DenyChange(
        NodeId.parse(ApiJson.required(node, "node").asText()),
        ApiJson.required(node, "changed").asBoolean(),
        nodes(node));
  }

  /** The {@code denied} array of an answer. */
  static List<NodeId> nodes(JsonNode node) {
    List<NodeId> ids = new ArrayList<>();
    for (JsonNode id : ApiJson.required(node, "denied")) {
      ids.add(NodeId.parse(id.asText()));
    }
    return ids;
  }
}
