package dev.echomesh.agent.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echomesh.agent.discovery.DiscoveryReport;
import dev.echomesh.agent.discovery.DiscoveryReport.OtherMeshNode;
import dev.echomesh.agent.identity.NodeId;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The JSON of {@code GET /v1/diagnostics}, both ways:
 *
 * <pre>{@code
 * {"discovery": {"enabled": true, "interfaces": ["eth0"], "announcingForMillis": 61000,
 *   "ownAnnouncementHeard": true, "ownAnnouncementHeardMillisAgo": 900,
 *   "otherMeshNodes": [{"meshId": "...", "nodeId": "...", "name": "nas", "addresses": ["192.168.1.9"],
 *     "interface": "eth0", "lastHeardMillisAgo": 4000}]}}
 * }</pre>
 *
 * {@code ownAnnouncementHeardMillisAgo} is absent when the announcement never came back.
 */
final class DiagnosticsJson {

  private DiagnosticsJson() {}

  static ObjectNode diagnostics(DiscoveryReport report) {
    ObjectNode root = ApiJson.object();
    ObjectNode discovery = root.putObject("discovery");
    discovery.put("enabled", report.enabled());
    ArrayNode interfaces = discovery.putArray("interfaces");
    report.interfaces().forEach(interfaces::add);
    discovery.put("announcingForMillis", report.announcingFor().toMillis());
    discovery.put("ownAnnouncementHeard", report.ownHeardAgo().isPresent());
    report.ownHeardAgo().ifPresent(ago -> discovery.put("ownAnnouncementHeardMillisAgo", ago.toMillis()));
    ArrayNode others = discovery.putArray("otherMeshNodes");
    for (OtherMeshNode node : report.otherMeshNodes()) {
      ObjectNode other = others.addObject()
          .put("meshId", node.meshId())
          .put("nodeId", node.nodeId().toString())
          .put("name", node.name());
      ArrayNode addresses = other.putArray("addresses");
      node.addresses().forEach(address -> addresses.add(address.getHostAddress()));
      other.put("interface", node.interfaceName()).put("lastHeardMillisAgo", node.lastHeardAgo().toMillis());
    }
    return root;
  }

  /** @throws IllegalArgumentException when a field is missing or malformed */
  static DiscoveryReport discoveryFrom(JsonNode root) {
    JsonNode discovery = ApiJson.required(root, "discovery");
    List<String> interfaces = new ArrayList<>();
    ApiJson.required(discovery, "interfaces").forEach(name -> interfaces.add(name.asText()));
    Optional<Duration> ownHeardAgo = discovery.has("ownAnnouncementHeardMillisAgo")
        ? Optional.of(Duration.ofMillis(discovery.get("ownAnnouncementHeardMillisAgo").asLong()))
        : Optional.empty();
    List<OtherMeshNode> others = new ArrayList<>();
    for (JsonNode other : ApiJson.required(discovery, "otherMeshNodes")) {
      List<InetAddress> addresses = new ArrayList<>();
      for (JsonNode address : ApiJson.required(other, "addresses")) {
        addresses.add(address(address.asText()));
      }
      others.add(new OtherMeshNode(ApiJson.text(other, "meshId"), NodeId.parse(ApiJson.text(other, "nodeId")),
          ApiJson.text(other, "name"), addresses, ApiJson.text(other, "interface"),
          Duration.ofMillis(ApiJson.required(other, "lastHeardMillisAgo").asLong())));
    }
    return new DiscoveryReport(ApiJson.required(discovery, "enabled").asBoolean(), interfaces,
        Duration.ofMillis(ApiJson.required(discovery, "announcingForMillis").asLong()), ownHeardAgo, others);
  }

  private static InetAddress address(String literal) {
    if (literal.isEmpty() || !(Character.digit(literal.charAt(0), 16) >= 0 || literal.contains(":"))) {
      throw new IllegalArgumentException("'" + literal + "' is not an IP address");
    }
    try {
      return InetAddress.getByName(literal); // a literal: no lookup
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + literal + "' is not an IP address", e);
    }
  }
}
