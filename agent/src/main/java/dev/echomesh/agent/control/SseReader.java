package dev.echomesh.agent.control;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Reads Server-Sent Events from a streaming response: {@code id:}, {@code event:} and {@code data:}
 * lines up to a blank line; comment lines (keepalives) are skipped. Not thread-safe.
 */
final class SseReader {

  /** One event. */
  record Event(long id, String name, String data) {}

  /** Largest event accepted, in bytes. */
  static final int MAX_EVENT_BYTES = 16 * 1024 * 1024;

  private final HttpConnection connection;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private byte[] pending = new byte[0];
  private int pendingOffset;
  private boolean ended;

  SseReader(HttpConnection connection) {
    this.connection = connection;
  }

  /**
   * The next event, waiting at most {@code silence} for each piece of it (keepalives count).
   *
   * @return the event, or null when the agent ended the stream
   * @throws ControlException PROTOCOL when the stream is silent too long or malformed
   */
  Event next(Duration silence) throws IOException {
    long id = -1;
    String name = "message";
    StringBuilder data = null;
    int size = 0;
    while (true) {
      String text = readLine(silence);
      if (text == null) {
        return null;
      }
      size += text.length();
      if (size > MAX_EVENT_BYTES) {
        throw ClientErrors.protocol("an event over " + MAX_EVENT_BYTES + " bytes");
      }
      if (text.isEmpty()) {
        if (data != null) {
          return new Event(id, name, data.toString());
        }
        continue;
      }
      if (text.startsWith(":")) {
        continue;
      }
      int colon = text.indexOf(':');
      String field = colon < 0 ? text : text.substring(0, colon);
      String value = colon < 0 ? "" : text.substring(colon + 1);
      if (value.startsWith(" ")) {
        value = value.substring(1);
      }
      switch (field) {
        case "id" -> id = parseId(value);
        case "event" -> name = value;
        case "data" -> data = data == null ? new StringBuilder(value) : data.append('\n').append(value);
        default -> {
          // Unknown fields are ignored, as the SSE specification says.
        }
      }
    }
  }

  private static long parseId(String value) throws ControlException {
    try {
      return Long.parseLong(value);
    } catch (NumberFormatException e) {
      throw ClientErrors.protocol("an event ID that is not a number: " + value);
    }
  }

  private String readLine(Duration silence) throws IOException {
    while (true) {
      while (pendingOffset < pending.length) {
        byte b = pending[pendingOffset++];
        if (b == '\n') {
          String text = line.toString(StandardCharsets.UTF_8);
          line.reset();
          return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
        }
        if (line.size() >= MAX_EVENT_BYTES) {
          throw ClientErrors.protocol("a line over " + MAX_EVENT_BYTES + " bytes in the stream");
        }
        line.write(b);
      }
      if (ended) {
        return null;
      }
      HttpContent content = connection.content(silence);
      if (content == null) {
        ended = true;
        continue;
      }
      try {
        pending = new byte[content.content().readableBytes()];
        content.content().readBytes(pending);
        pendingOffset = 0;
        if (content instanceof LastHttpContent) {
          ended = true;
        }
      } finally {
        content.release();
      }
    }
  }
}
