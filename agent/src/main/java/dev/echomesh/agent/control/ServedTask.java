package dev.echomesh.agent.control;

import dev.echomesh.agent.identity.NodeId;
import java.util.Objects;
import java.util.Set;

/**
 * A task an external program offers through {@code POST /v1/serve}.
 *
 * @param name the task name (as {@link dev.echomesh.agent.task.internal.TaskRegistry#TASK_NAME})
 * @param description one line for task lists
 * @param concurrency calls the program takes at once; more get OVERLOADED
 * @param allowedCallers the node IDs that may call it (others get DENIED), empty for no one; null
 *     lets every mesh member call it. Names never grant access: only node IDs do.
 */
public record ServedTask(String name, String description, int concurrency, Set<NodeId> allowedCallers) {

  /** Most node IDs one task's allow list may hold. */
  public static final int MAX_ALLOWED_CALLERS = 1024;

  public ServedTask {
    Objects.requireNonNull(name, "name");
    description = description == null ? "" : description;
    allowedCallers = allowedCallers == null ? null : Set.copyOf(allowedCallers);
  }

  /** A task every mesh member may call. */
  public ServedTask(String name, String description, int concurrency) {
    this(name, description, concurrency, null);
  }

  /** Whether {@code caller} may call this task. */
  public boolean allows(NodeId caller) {
    return allowedCallers == null || allowedCallers.contains(caller);
  }
}
