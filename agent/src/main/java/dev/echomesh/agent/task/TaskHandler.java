package dev.echomesh.agent.task;

/**
 * A task that other nodes can call: the service-provider interface of echomesh.
 *
 * <p>Register one in code ({@code AgentConfig.Builder#task}) or list its class in
 * {@code META-INF/services/dev.echomesh.agent.task.TaskHandler} inside a plugin jar on the class
 * path. Handlers run on the agent's bounded task executor, never on a network thread, so they may
 * block; they should return by the request's deadline and react to interruption, which is how a
 * cancelled or timed-out call is stopped.
 */
public interface TaskHandler {

  /** The name callers use, e.g. {@code "echo"}. Letters, digits, '.', '-' and '_'. */
  String name();

  /** One line for {@code echomesh tasks}. */
  String description();

  /**
   * Runs the task.
   *
   * @return the result; return {@link TaskResult#error} for an expected failure (INVALID for a
   *     bad payload). A thrown exception becomes FAILED with its message.
   * @throws Exception on failure; InterruptedException when cancelled
   */
  TaskResult handle(TaskRequest request) throws Exception;
}
