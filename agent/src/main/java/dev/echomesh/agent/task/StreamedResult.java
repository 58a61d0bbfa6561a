package dev.echomesh.agent.task;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The outcome of a streamed call ({@code Agent.callStreaming}): a status, a message, and the
 * result payload as a stream read as it arrives, never held whole. Reading fails with
 * {@link StreamFailedException} when the call ends before the payload does (deadline, link
 * lost, the callee's task failed mid-stream, corrupted bytes). Closing it before the end
 * cancels the call at the callee and frees the buffered bytes; always close it.
 */
public final class StreamedResult implements AutoCloseable {

  private final TaskStatus status;
  private final String message;
  private final InputStream payload;

  /**
   * @param payload the result payload; empty for results other than OK
   */
  public StreamedResult(TaskStatus status, String message, InputStream payload) {
    this.status = Objects.requireNonNull(status, "status");
    this.message = message == null ? "" : message;
    this.payload = Objects.requireNonNull(payload, "payload");
  }

  public TaskStatus status() {
    return status;
  }

  /** Human-readable detail; empty for OK. */
  public String message() {
    return message;
  }

  public boolean isOk() {
    return status == TaskStatus.OK;
  }

  /** The result payload, read incrementally. */
  public InputStream payload() {
    return payload;
  }

  /** Stops reading: cancels the call if its payload has not ended, and frees what it buffers. */
  @Override
  public void close() {
    try {
      payload.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String toString() {
    return status + (message.isEmpty() ? "" : ": " + message) + " (streamed)";
  }
}
