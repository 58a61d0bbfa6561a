package dev.echomesh.agent.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.liveness.LivenessCounters;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.peers.RttStats;
import dev.echomesh.agent.task.TaskInfo;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * The one place that converts between the local API's JSON and the domain records, both ways
 * (docs/local-api.md shows every shape). Reading is strict: a missing or wrong field is an {@link
 * IllegalArgumentException} naming it.
 */
final class ApiJson {

  /**
   * Jackson's full mapper, made on first use: the command line only reads JSON, with the streaming
   * parser ({@link JsonTrees}), and so starts without loading data binding (about 400 classes).
   */
  private static final class Mapper {
    static final ObjectMapper INSTANCE = new ObjectMapper();
  }

  private ApiJson() {}

  static ObjectNode object() {
    return JsonNodeFactory.instance.objectNode();
  }

  static ArrayNode array() {
    return JsonNodeFactory.instance.arrayNode();
  }

  /**
   * @throws ControlException MALFORMED_REQUEST when {@code bytes} are empty or not JSON
   */
  static JsonNode parse(byte[] bytes) throws ControlException {
    if (bytes.length == 0) {
      throw new ControlException(ControlError.MALFORMED_REQUEST, "a JSON body is required");
    }
    try {
      return JsonTrees.read(bytes);
    } catch (JsonProcessingException e) {
      throw new ControlException(
          ControlError.MALFORMED_REQUEST,
          "malformed JSON: " + e.getOriginalMessage().replace('\n', ' '));
    } catch (IOException e) {
      throw new ControlException(ControlError.MALFORMED_REQUEST, "unreadable JSON: " + e);
    }
  }

  /** Reads JSON the agent sent; not JSON is an IOException. */
  static JsonNode read(byte[] bytes) throws IOException {
    return JsonTrees.read(bytes);
  }

  /** One line of JSON, no newline. */
  static String line(Object tree) {
    try {
      return Mapper.INSTANCE.writeValueAsString(tree);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree failed to serialize", e);
    }
  }

  static byte[] bytesWithNewline(Object tree) {
    return (line(tree) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  static ObjectNode error(ControlError error, String message) {
    return object().put("error", error.code()).put("message", oneLine(message));
  }

  static String oneLine(String text) {
    return text == null ? "" : text.replace('\r', ' ').replace('\n', ' ');
  }

  // --- peers

  static ObjectNode peer(Peer peer) {
    ObjectNode node =
        object()
            .put("id", peer.id().toString())
            .put("name", peer.name())
            .put("state", peer.state().name())
            .put("incarnation", peer.incarnation());
    ArrayNode addresses = node.putArray("addresses");
    peer.addresses().forEach(address -> addresses.add(address.getHostAddress()));
    node.put("interface", peer.interfaceName())
        .put("mac", peer.mac())
        .put("macMismatch", peer.macMismatch())
        .put("linkPort", peer.linkPort())
        .put("udpPort", peer.udpPort());
    node.putObject("rtt")
        .put("lastMicros", peer.rtt().lastMicros())
        .put("meanMicros", peer.rtt().meanMicros())
        .put("medianMicros", peer.rtt().medianMicros())
        .put("p99Micros", peer.rtt().p99Micros())
        .put("samples", peer.rtt().samples());
    node.put("lossPercent", peer.lossPercent()).put("lastSeen", peer.lastSeen().toString());
    return node;
  }

  static ObjectNode peers(List<Peer> peers) {
    ObjectNode node = object();
    ArrayNode array = node.putArray("peers");
    peers.forEach(peer -> array.add(peer(peer)));
    return node;
  }

  static Peer peerFrom(JsonNode node) {
    List<InetAddress> addresses = new ArrayList<>();
    for (JsonNode address : required(node, "addresses")) {
      addresses.add(address(address.asText()));
    }
    JsonNode rtt = required(node, "rtt");
    return new Peer(
        NodeId.parse(text(node, "id")),
        text(node, "name"),
        PeerState.valueOf(text(node, "state")),
        required(node, "incarnation").asLong(),
        addresses,
        text(node, "interface"),
        text(node, "mac"),
        required(node, "macMismatch").asBoolean(),
        required(node, "linkPort").asInt(),
        required(node, "udpPort").asInt(),
        new RttStats(
            required(rtt, "lastMicros").asLong(),
            required(rtt, "meanMicros").asLong(),
            rtt.path("medianMicros").asLong(required(rtt, "meanMicros").asLong()),
            required(rtt, "p99Micros").asLong(),
            required(rtt, "samples").asInt()),
        required(node, "lossPercent").asDouble(),
        Instant.parse(text(node, "lastSeen")));
  }

  static List<Peer> peersFrom(JsonNode node) {
    List<Peer> peers = new ArrayList<>();
    for (JsonNode peer : required(node, "peers")) {
      peers.add(peerFrom(peer));
    }
    return peers;
  }

  // --- status

  static ObjectNode status(AgentStatus status) {
    ObjectNode node =
        object()
            .put("id", status.nodeId().toString())
            .put("name", status.name())
            .put("linkAddress", status.linkAddress())
            .put("version", status.version())
            .put("uptimeMillis", status.uptime().toMillis())
            .put("pid", status.pid())
            .put("peerCount", status.peerCount())
            .put("udpPort", status.udpPort());
    LivenessCounters c = status.liveness();
    node.putObject("liveness")
        .put("accepted", c.accepted())
        .put("malformed", c.malformed())
        .put("badMac", c.badMac())
        .put("stale", c.stale())
        .put("replayed", c.replayed())
        .put("ownEcho", c.ownEcho())
        .put("sendFailures", c.sendFailures())
        .put("listenerFailures", c.listenerFailures())
        .put("sent", c.sent())
        .put("received", c.received());
    return node;
  }

  static AgentStatus statusFrom(JsonNode node) {
    JsonNode c = required(node, "liveness");
    return new AgentStatus(
        NodeId.parse(text(node, "id")),
        text(node, "name"),
        text(node, "linkAddress"),
        text(node, "version"),
        Duration.ofMillis(required(node, "uptimeMillis").asLong()),
        required(node, "pid").asLong(),
        required(node, "peerCount").asInt(),
        required(node, "udpPort").asInt(),
        new LivenessCounters(
            required(c, "accepted").asLong(),
            required(c, "malformed").asLong(),
            required(c, "badMac").asLong(),
            required(c, "stale").asLong(),
            required(c, "replayed").asLong(),
            required(c, "ownEcho").asLong(),
            required(c, "sendFailures").asLong(),
            required(c, "listenerFailures").asLong(),
            c.path("sent").asLong(0), // absent from older agents: 0
            c.path("received").asLong(0)));
  }

  // --- tasks

  static ObjectNode task(TaskInfo task) {
    ObjectNode node = object().put("name", task.name()).put("description", task.description());
    if (!task.origin().isEmpty()) {
      node.put("origin", task.origin());
    }
    return node;
  }

  static ObjectNode taskListing(TaskListing listing) {
    ObjectNode node =
        object()
            .put("id", listing.node().toString())
            .put("name", listing.nodeName())
            .put("status", listing.status().name())
            .put("message", listing.message());
    ArrayNode tasks = node.putArray("tasks");
    listing.tasks().forEach(task -> tasks.add(task(task)));
    return node;
  }

  static TaskListing taskListingFrom(JsonNode node) {
    List<TaskInfo> tasks = new ArrayList<>();
    for (JsonNode task : required(node, "tasks")) {
      tasks.add(
          new TaskInfo(
              text(task, "name"), task.path("description").asText(), task.path("origin").asText()));
    }
    return new TaskListing(
        NodeId.parse(text(node, "id")),
        text(node, "name"),
        TaskStatus.valueOf(text(node, "status")),
        text(node, "message"),
        tasks);
  }

  // --- calls

  /**
   * A call's outcome: {@code id}, {@code name}, {@code status}, {@code message}, and the payload as
   * {@code payload} (text, when it is valid UTF-8) or {@code payloadBase64} (otherwise).
   */
  static ObjectNode outcome(CallOutcome outcome) {
    ObjectNode node =
        object()
            .put("id", outcome.peer().toString())
            .put("name", outcome.peerName())
            .put("status", outcome.result().status().name())
            .put("message", outcome.result().message());
    putPayload(node, outcome.result().payload());
    return node;
  }

  static CallOutcome outcomeFrom(JsonNode node) {
    TaskStatus status = TaskStatus.valueOf(text(node, "status"));
    String message = text(node, "message");
    TaskResult result =
        status == TaskStatus.OK
            ? TaskResult.ok(payloadFrom(node))
            : TaskResult.error(status, message);
    return new CallOutcome(NodeId.parse(text(node, "id")), text(node, "name"), result);
  }

  /** Puts {@code payload} as {@code payload} (valid UTF-8) or {@code payloadBase64}. */
  static void putPayload(ObjectNode node, byte[] payload) {
    Optional<String> text = utf8(payload);
    if (text.isPresent()) {
      node.put("payload", text.get());
    } else {
      node.put("payloadBase64", Base64.getEncoder().encodeToString(payload));
    }
  }

  /** The payload of a node written by {@link #putPayload}; empty when it has neither field. */
  static byte[] payloadFrom(JsonNode node) {
    JsonNode text = node.get("payload");
    if (text != null && text.isTextual()) {
      return text.asText().getBytes(StandardCharsets.UTF_8);
    }
    JsonNode base64 = node.get("payloadBase64");
    if (base64 != null && base64.isTextual()) {
      return Base64.getDecoder().decode(base64.asText());
    }
    return new byte[0];
  }

  // --- ping

  static ObjectNode ping(PingOutcome ping) {
    ObjectNode node =
        object()
            .put("id", ping.peer().toString())
            .put("name", ping.peerName())
            .put("address", ping.address())
            .put("answered", ping.answered());
    ping.roundTrip().ifPresent(rtt -> node.put("rttNanos", rtt.toNanos()));
    return node.put("message", ping.message());
  }

  static PingOutcome pingFrom(JsonNode node) {
    boolean answered = required(node, "answered").asBoolean();
    return new PingOutcome(
        NodeId.parse(text(node, "id")),
        text(node, "name"),
        text(node, "address"),
        answered
            ? Optional.of(Duration.ofNanos(required(node, "rttNanos").asLong()))
            : Optional.empty(),
        text(node, "message"));
  }

  // --- helpers

  static JsonNode required(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    if (value == null || value.isNull()) {
      throw new IllegalArgumentException("the field '" + field + "' is missing");
    }
    return value;
  }

  static String text(JsonNode node, String field) {
    JsonNode value = required(node, field);
    if (!value.isTextual()) {
      throw new IllegalArgumentException("the field '" + field + "' must be a string");
    }
    return value.asText();
  }

  private static InetAddress address(String literal) {
    try {
      if (literal.isEmpty() || !(Character.digit(literal.charAt(0), 16) >= 0 || literal.contains(":"))) {
        throw new IllegalArgumentException("'" + literal + "' is not an IP address");
      }
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("'" + literal + "' is not an IP address", e);
    }
  }

  private static Optional<String> utf8(byte[] bytes) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
