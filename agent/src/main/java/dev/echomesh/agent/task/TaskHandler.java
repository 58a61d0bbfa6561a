package dev.echomesh.agent.task;

/**
 * A task that other nodes can call: the service-provider interface of echomesh.
 *
 * <p>Register one in code ({@code AgentConfig.Builder#task}) or list its class in
 * {@code META-INF/services/dev.echomesh.agent.task.TaskHandler} inside a plugin jar on the class
 * path. Handlers run on the agent's bounded task executor, never on a network thread, so they may
 * block; they should return by the request's deadline and react to interruption, which is how a
 * cancelled or timed-out call is stopped. The one exception is a call its handler declares
 * {@linkplain #runsInline inline}.
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

  /**
   * Whether {@code request} may run on the network thread that received it instead of the task
   * executor. False unless a handler overrides it.
   *
   * <p>Say true only for work that cannot block and ends within microseconds: no I/O, no
   * waiting on locks or other threads, no sleeping, no class loading on first use, bounded by
   * the payload's size (echo says true; reverse says true for small payloads). Such a call then
   * costs the callee no thread hand-off at all, which is about half of a small call's latency
   * on a LAN. The agent times every inline run; a handler that overstays the budget (10 ms)
   * a few times runs on the executor from then on, with a warning, so a
   * wrong answer here stalls the links sharing that network thread only briefly. Inline runs
   * cannot be interrupted: a cancel or deadline finds them finished.
   *
   * @param request the call about to run; decide on its payload, not on its caller
   */
  default boolean runsInline(TaskRequest request) {
    return false;
  }
}
