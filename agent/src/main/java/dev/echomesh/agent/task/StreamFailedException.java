package dev.echomesh.agent.task;

import java.io.IOException;
import java.util.Objects;

/**
 * A streamed payload ended before its end: the call timed out, was cancelled, its link closed,
 * the sender's task failed mid-stream, or the bytes were corrupted. Thrown by the streams of
 * {@link StreamedResult#payload()} and of {@link StreamingTaskHandler}s; {@link #status} says
 * which, as a call's status would.
 */
public class StreamFailedException extends IOException {

  private static final long serialVersionUID = 1L;

  private final TaskStatus status;

  /** @param status why the stream ended; never OK */
  public StreamFailedException(TaskStatus status, String message) {
    super(message);
    this.status = Objects.requireNonNull(status, "status");
  }

  /** The status of the call this stream belonged to (TIMEOUT, CANCELLED, UNAVAILABLE, FAILED, ...). */
  public TaskStatus status() {
    return status;
  }
}
