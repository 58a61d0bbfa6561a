package dev.echomesh.agent.task.internal;

import dev.echomesh.agent.task.TaskInfo;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Tasks served by programs outside the agent's process (through the local API's {@code serve}),
 * which come and go while the agent runs. The agent looks a call up here when none of its own
 * tasks has the name. Implementations are thread-safe and never block.
 */
public interface ExternalTasks {

  /** No external tasks. */
  ExternalTasks NONE =
      new ExternalTasks() {
        @Override
        public List<TaskInfo> tasks() {
          return List.of();
        }

        @Override
        public CompletableFuture<TaskResult> start(TaskRequest request) {
          return null;
        }
      };

  /** The tasks offered right now, each with its origin. */
  List<TaskInfo> tasks();

  /**
   * Hands a call to the program serving {@code request.task()}. Called on a network thread: must
   * not block.
   *
   * @return the result to come, which completes by the request's deadline at the latest (with
   *     OVERLOADED, UNAVAILABLE, TIMEOUT... when the program cannot answer); cancelling it tells
   *     the program that the caller gave up. Null when no program serves that task.
   */
  CompletableFuture<TaskResult> start(TaskRequest request);
}
