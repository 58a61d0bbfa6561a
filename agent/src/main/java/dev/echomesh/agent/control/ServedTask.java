package dev.echomesh.agent.control;

import java.util.Objects;

/**
 * A task an external program offers through {@code POST /v1/serve}.
 *
 * @param name the task name (as {@link dev.echomesh.agent.task.internal.TaskRegistry#TASK_NAME})
 * @param description one line for task lists
 * @param concurrency calls the program takes at once; more get OVERLOADED
 */
public record ServedTask(String name, String description, int concurrency) {
  public ServedTask {
    Objects.requireNonNull(name, "name");
    description = description == null ? "" : description;
  }
}
