package dev.echomesh.tools;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echomesh.agent.control.CallOutcome;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/** The {@code --json} output: Jackson trees printed one document per line. */
final class Json {

  private static final ObjectMapper MAPPER =
      new ObjectMapper().disable(SerializationFeature.INDENT_OUTPUT);

  private Json() {}

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  /** Prints {@code node} as one line of JSON. */
  static void print(PrintStream out, Object node) {
    try {
      out.println(MAPPER.writeValueAsString(node));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree failed to serialize", e);
    }
  }

  /**
   * A call outcome: {@code id}, {@code name}, {@code status}, {@code message}, and the payload as
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

  /** Puts {@code payload} as {@code payload} (valid UTF-8 text) or {@code payloadBase64}. */
  static void putPayload(ObjectNode node, byte[] payload) {
    Optional<String> text = utf8(payload);
    if (text.isPresent()) {
      node.put("payload", text.get());
    } else {
      node.put("payloadBase64", Base64.getEncoder().encodeToString(payload));
    }
  }

  /** The bytes as text if they are valid UTF-8. */
  static Optional<String> utf8(byte[] bytes) {
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
