package dev.echomesh.agent.task.transfer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echomesh.agent.task.file.Sha256;

/** Typed, checked reads of a header's fields; every problem is a {@link BadHeaderException}. */
final class Fields {

  private Fields() {}

  static String requiredText(ObjectNode header, String field) throws BadHeaderException {
    JsonNode node = header.get(field);
    if (node == null || !node.isTextual()) {
      throw new BadHeaderException("the header needs \"" + field + "\" as a string");
    }
    return node.asText();
  }

  static String text(ObjectNode header, String field, String absent) throws BadHeaderException {
    return header.has(field) ? requiredText(header, field) : absent;
  }

  static long requiredLong(ObjectNode header, String field, long min, long max) throws BadHeaderException {
    JsonNode node = header.get(field);
    if (node == null || !node.canConvertToLong() || !node.isIntegralNumber()) {
      throw new BadHeaderException("the header needs \"" + field + "\" as an integer");
    }
    long value = node.asLong();
    if (value < min || value > max) {
      throw new BadHeaderException("\"" + field + "\" must be in [" + min + ", " + max + "], got " + value);
    }
    return value;
  }

  static long longValue(ObjectNode header, String field, long absent, long min, long max) throws BadHeaderException {
    return header.has(field) ? requiredLong(header, field, min, max) : absent;
  }

  static boolean flag(ObjectNode header, String field) throws BadHeaderException {
    JsonNode node = header.get(field);
    if (node == null) {
      return false;
    }
    if (!node.isBoolean()) {
      throw new BadHeaderException("\"" + field + "\" must be true or false");
    }
    return node.asBoolean();
  }

  static Sha256 sha256(ObjectNode header, String field) throws BadHeaderException {
    String hex = requiredText(header, field);
    try {
      return Sha256.ofHex(hex);
    } catch (IllegalArgumentException e) {
      throw new BadHeaderException("\"" + field + "\" must be 64 hex digits: " + e.getMessage());
    }
  }
}
