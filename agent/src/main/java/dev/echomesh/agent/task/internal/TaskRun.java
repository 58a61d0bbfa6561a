package dev.echomesh.agent.task.internal;

import dev.echomesh.agent.task.StreamFailedException;
import dev.echomesh.agent.task.StreamingTaskHandler;
import dev.echomesh.agent.task.TaskHandler;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import java.io.InputStream;
import java.util.concurrent.Callable;
import java.util.concurrent.FutureTask;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One handler invocation on the task pool. Turns whatever the handler does into exactly one
 * result: its own, FAILED with the message of what it threw, or CANCELLED when interrupted.
 * {@link #interrupt} cancels it: not started yet, it never runs; running, its thread is
 * interrupted.
 */
final class TaskRun extends FutureTask<Void> implements CallHandler.CallHandle {

  private static final Logger log = LoggerFactory.getLogger(TaskRun.class);

  private final Consumer<TaskRun> onDone;

  /**
   * @param onDone told once when the run ends: completed, failed or cancelled
   */
  /**
   * @param payload the request payload as a stream (chunked calls of streaming tasks); null =
   *     {@code request.payload()}
   */
  TaskRun(TaskHandler handler, TaskRequest request, InputStream payload, CallHandler.ResultSink sink,
      Consumer<TaskRun> onDone) {
    super(() -> {
      sink.complete(handler instanceof StreamingTaskHandler streaming
          ? StreamingRun.invoke(streaming, request, payload, sink)
          : invoke(handler, request));
      return null;
    });
    this.onDone = onDone;
  }

  @Override
  protected void done() {
    onDone.accept(this);
  }

  @Override
  public void interrupt() {
    cancel(true);
  }

  static TaskResult invoke(TaskHandler handler, TaskRequest request) {
    return invoke(request, () -> handler.handle(request));
  }

  /** Runs {@code body}, turning what it returns or throws into exactly one result. */
  static TaskResult invoke(TaskRequest request, Callable<TaskResult> body) {
    try {
      TaskResult result = body.call();
      if (result == null) {
        return TaskResult.error(TaskStatus.FAILED, "the task returned no result");
      }
      return result;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return TaskResult.error(TaskStatus.CANCELLED, "the task was interrupted");
    } catch (StreamFailedException e) {
      return TaskResult.error(e.status(), e.getMessage());
    } catch (Exception | StackOverflowError | LinkageError e) {
      log.info("Task '{}' called by {} failed: {}", request.task(), request.caller().shortForm(), e.toString());
      log.debug("Stack trace of the failed task '{}'", request.task(), e);
      String message = e.getMessage();
      return TaskResult.error(TaskStatus.FAILED, message == null || message.isBlank() ? e.getClass().getName() : message);
    }
  }
}
