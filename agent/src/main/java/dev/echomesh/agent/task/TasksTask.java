package dev.echomesh.agent.task;

import java.util.List;

/** The built-in {@code tasks}: this node's tasks with their descriptions, as a JSON array. */
final class TasksTask implements TaskHandler {

  static final String NAME = "tasks";
  static final String DESCRIPTION = "Lists this node's tasks as JSON: [{\"name\": ..., \"description\": ..., \"origin\": ...}]";

  private final List<TaskInfo> tasks;
  /** Written on first use: JSON (Jackson) costs an idle agent megabytes it may never need. */
  private volatile byte[] json;

  TasksTask(List<TaskInfo> tasks) {
    this.tasks = List.copyOf(tasks);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return DESCRIPTION;
  }

  @Override
  public TaskResult handle(TaskRequest request) {
    byte[] bytes = json;
    if (bytes == null) {
      bytes = Json.bytes(tasks);
      json = bytes;
    }
    return TaskResult.ok(bytes.clone());
  }
}
