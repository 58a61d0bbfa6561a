package dev.echomesh.agent.task.transfer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The header that begins every file task's payload and every file result: one JSON object in
 * UTF-8 on one line, ended by {@code '\n'}, at most {@link #MAX_BYTES}; raw bytes may follow.
 */
public final class HeaderLine {

  /** Longest header line accepted, in bytes, the newline included. */
  public static final int MAX_BYTES = 64 * 1024;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private HeaderLine() {}

  /**
   * Reads one header line from {@code in}, leaving {@code in} at the first byte after it.
   *
   * @throws BadHeaderException when the line is missing, too long or not a JSON object
   */
  public static ObjectNode read(InputStream in) throws IOException {
    ByteArrayOutputStream line = new ByteArrayOutputStream(256);
    while (true) {
      int b = in.read();
      if (b < 0) {
        throw new BadHeaderException(line.size() == 0
            ? "the payload is empty; it must begin with a JSON header line"
            : "the header line has no end (a JSON object and '\\n' must come first)");
      }
      if (b == '\n') {
        break;
      }
      if (line.size() >= MAX_BYTES - 1) {
        throw new BadHeaderException("the header line is longer than " + MAX_BYTES + " bytes");
      }
      line.write(b);
    }
    return parse(line.toByteArray());
  }

  /** {@code bytes} (without the newline) as a JSON object. */
  static ObjectNode parse(byte[] bytes) throws BadHeaderException {
    JsonNode node;
    try {
      node = MAPPER.readTree(bytes);
    } catch (IOException e) {
      throw new BadHeaderException("the header is not valid JSON: " + firstLine(e));
    }
    if (node == null || !node.isObject()) {
      throw new BadHeaderException("the header must be a JSON object");
    }
    return (ObjectNode) node;
  }

  /** A new, empty header object. */
  public static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  /** Writes {@code header} and its newline to {@code out}. */
  public static void write(ObjectNode header, OutputStream out) throws IOException {
    out.write(bytes(header));
  }

  /** {@code header} as its line's bytes, the newline included. */
  public static byte[] bytes(ObjectNode header) {
    try {
      byte[] json = MAPPER.writeValueAsBytes(header);
      byte[] line = new byte[json.length + 1];
      System.arraycopy(json, 0, line, 0, json.length);
      line[json.length] = '\n';
      return line;
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a JSON tree always serialises", e);
    }
  }

  private static String firstLine(IOException e) {
    String message = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
    return message == null ? e.getClass().getSimpleName() : message.lines().findFirst().orElse(message);
  }
}
