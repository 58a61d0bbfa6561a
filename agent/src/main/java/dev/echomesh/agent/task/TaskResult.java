package dev.echomesh.agent.task;

import java.nio.charset.StandardCharsets;
import java.util.Objects;

/**
 * The outcome of one task call: a status, a human-readable message (empty on OK) and the
 * result payload (empty unless OK).
 */
public record TaskResult(TaskStatus status, String message, byte[] payload) {

  private static final byte[] EMPTY = new byte[0];

  public TaskResult {
    Objects.requireNonNull(status, "status");
    message = message == null ? "" : message;
    payload = payload == null ? EMPTY : payload;
  }

  /** A successful result carrying {@code payload}. */
  public static TaskResult ok(byte[] payload) {
    return new TaskResult(TaskStatus.OK, "", payload);
  }

  /** A failed result: {@code status} must not be OK. */
  public static TaskResult error(TaskStatus status, String message) {
    if (status == TaskStatus.OK) {
      throw new IllegalArgumentException("an error result needs a status other than OK");
    }
    return new TaskResult(status, message, EMPTY);
  }

  public boolean isOk() {
    return status == TaskStatus.OK;
  }

  /** The payload decoded as UTF-8. */
  public String payloadAsString() {
    return new String(payload, StandardCharsets.UTF_8);
  }

  @Override
  public String toString() {
    return status + (message.isEmpty() ? "" : ": " + message) + " (" + payload.length + " bytes)";
  }
}
