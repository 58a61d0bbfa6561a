package dev.echomesh.agent.task;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;

/**
 * A task that reads its request payload and writes its result payload as streams, so payloads
 * of any size pass through without being held whole (a file written to disk as it arrives, a
 * file sent from disk). The agent calls {@link #handle(TaskRequest, InputStream, ResultStream)}
 * for every call of such a task, small or large, on its task executor (never inline).
 *
 * <p>Flow control reaches the handler: reading slowly slows the caller's sender, and writes
 * block while the caller is slow to read. Both streams fail with {@link StreamFailedException}
 * when the call ends first; the handler is interrupted too.
 */
public interface StreamingTaskHandler extends TaskHandler {

  /**
   * Runs the task.
   *
   * @param request the caller, task and deadline; its {@code payload()} is empty, the payload
   *     is read from {@code payload}
   * @param payload the request payload as it arrives; reading blocks until bytes arrive; its
   *     end is the payload's end (its SHA-256 checked). Closing it early discards the rest.
   * @param result where an OK result's payload may be streamed; a handler that does not open it
   *     answers with the returned result as usual
   * @return the result; when {@code result} was opened: OK (the payload is what was written;
   *     the returned payload must be empty) or an error status that ends the streamed payload
   * @throws Exception on failure (FAILED with its message); InterruptedException when cancelled
   */
  TaskResult handle(TaskRequest request, InputStream payload, ResultStream result) throws Exception;

  /**
   * Runs the task on a whole payload, collecting a streamed result in memory: for callers that
   * have the request in hand (tests, local use). The agent does not call this.
   */
  @Override
  default TaskResult handle(TaskRequest request) throws Exception {
    ByteArrayOutputStream collected = new ByteArrayOutputStream();
    boolean[] opened = new boolean[1];
    ResultStream result = () -> {
      if (opened[0]) {
        throw new IllegalStateException("the result stream was opened twice");
      }
      opened[0] = true;
      return collected;
    };
    TaskResult returned = handle(new TaskRequest(request.caller(), request.task(), new byte[0], request.deadline()),
        new ByteArrayInputStream(request.payload()), result);
    if (!opened[0] || returned == null || !returned.isOk()) {
      return returned;
    }
    return TaskResult.ok(collected.toByteArray());
  }

  /** Never: a streaming task may block on its streams. */
  @Override
  default boolean runsInline(TaskRequest request) {
    return false;
  }
}
