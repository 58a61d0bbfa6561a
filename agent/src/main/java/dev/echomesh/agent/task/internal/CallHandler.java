package dev.echomesh.agent.task.internal;

import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Runs the calls that peers make: the link layer hands each incoming call here and writes back
 * whatever reaches the {@link ResultSink}. The task package implements it.
 */
@FunctionalInterface
public interface CallHandler {

  /**
   * Starts one call. Called on a network thread: must not block; run the work elsewhere.
   *
   * @param request the call, with the caller's certified node ID and the callee-side deadline
   * @param sink where the result goes, exactly once, from any thread; may be called before
   *     this method returns
   * @return a handle that interrupts the work when the caller cancels or the deadline passes
   */
  CallHandle start(TaskRequest request, ResultSink sink);

  /**
   * Whether the chunked payload of {@code request} (whose payload is empty) is handed over as a
   * stream ({@link #startStreamed}): for tasks that read it as one, and for calls that will be
   * refused without reading it (unknown task, caller not allowed), so they are answered at once.
   * Otherwise the link assembles the payload whole (within the bound of bytes buffered for calls)
   * and calls {@link #start}. False unless overridden. Network thread.
   */
  default boolean streamsPayload(TaskRequest request) {
    return false;
  }

  /**
   * Starts one call whose payload arrives in chunks and is read from {@code payload}. Called,
   * on a network thread, only for calls {@link #streamsPayload} says stream; must not block.
   *
   * @param request the call; its payload is empty
   * @param payload the request payload, read as it arrives (blocking reads: not on a network
   *     thread); close it when done
   */
  default CallHandle startStreamed(TaskRequest request, InputStream payload, ResultSink sink) {
    throw new IllegalStateException("this call handler does not stream payloads, yet streamsPayload said it does");
  }

  /** Receives the result of one incoming call. */
  @FunctionalInterface
  interface ResultSink {
    /** Delivers the result; the first call counts, later ones are ignored. */
    void complete(TaskResult result);

    /**
     * Opens the OK result's payload as a stream sent in chunks as the caller reads it (any
     * thread, at most once); closing it ends the payload. After this, {@link #complete} with an
     * error status ends the payload early with that status, and with OK is ignored. Writes block
     * while the caller's window is full and fail once the call has ended.
     *
     * @throws IOException when the call has already ended
     */
    default OutputStream openStream() throws IOException {
      throw new IOException("this result sink takes whole results only");
    }
  }

  /** Stops the work of one call. */
  @FunctionalInterface
  interface CallHandle {
    /** A handle for work that has already finished. */
    CallHandle DONE = () -> {};

    /** Interrupts the work if it still runs; its result, if any, is then dropped. */
    void interrupt();
  }
}
