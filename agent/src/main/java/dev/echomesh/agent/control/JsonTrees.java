package dev.echomesh.agent.control;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;

/**
 * Reads JSON into Jackson trees with the streaming parser alone, without an {@code ObjectMapper}:
 * what a short-lived command needs, at a fraction of the start-up cost. Nesting is bounded.
 */
final class JsonTrees {

  /** Deepest nesting accepted. */
  static final int MAX_DEPTH = 64;

  private static final JsonFactory FACTORY = new JsonFactory();
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonTrees() {}

  /**
   * @throws JsonParseException when the bytes are empty, not JSON, too deep, or followed by more
   */
  static JsonNode read(byte[] bytes) throws IOException {
    try (JsonParser parser = FACTORY.createParser(bytes)) {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new JsonParseException(parser, "no JSON value (the body is empty)");
      }
      JsonNode tree = value(parser, first, 0);
      if (parser.nextToken() != null) {
        throw new JsonParseException(parser, "more after the JSON value");
      }
      return tree;
    }
  }

  private static JsonNode value(JsonParser parser, JsonToken token, int depth) throws IOException {
    if (token == null) {
      throw new JsonParseException(parser, "the JSON ends in the middle of a value");
    }
    if (depth > MAX_DEPTH) {
      throw new JsonParseException(parser, "JSON nested deeper than " + MAX_DEPTH);
    }
    switch (token) {
      case START_OBJECT:
        ObjectNode object = NODES.objectNode();
        for (JsonToken next = parser.nextToken();
            next != JsonToken.END_OBJECT;
            next = parser.nextToken()) {
          if (next != JsonToken.FIELD_NAME) {
            throw new JsonParseException(parser, "the JSON ends in the middle of an object");
          }
          String field = parser.currentName();
          object.set(field, value(parser, parser.nextToken(), depth + 1));
        }
        return object;
      case START_ARRAY:
        ArrayNode array = NODES.arrayNode();
        for (JsonToken next = parser.nextToken();
            next != JsonToken.END_ARRAY;
            next = parser.nextToken()) {
          array.add(value(parser, next, depth + 1));
        }
        return array;
      case VALUE_STRING:
        return NODES.textNode(parser.getText());
      case VALUE_NUMBER_INT:
        return parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER
            ? NODES.numberNode(parser.getBigIntegerValue())
            : NODES.numberNode(parser.getLongValue());
      case VALUE_NUMBER_FLOAT:
        return NODES.numberNode(parser.getDoubleValue());
      case VALUE_TRUE:
        return NODES.booleanNode(true);
      case VALUE_FALSE:
        return NODES.booleanNode(false);
      case VALUE_NULL:
        return NODES.nullNode();
      default:
        throw new JsonParseException(parser, "unexpected " + token);
    }
  }
}
