package dev.echomesh.agent.link;

import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;

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

  /** Receives the result of one incoming call. */
  @FunctionalInterface
  interface ResultSink {
    /** Delivers the result; the first call counts, later ones are ignored. */
    void complete(TaskResult result);
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
