package dev.echomesh.agent.task;

import java.util.List;

/** The built-in {@code tasks}: this node's tasks with their descriptions, as a JSON array. */
final class TasksTask implements TaskHandler {

  static final String NAME = "tasks";
  static final String DESCRIPTION = "Lists this node's tasks as JSON: [{\"name\": ..., \"description\": ...}]";

  private final byte[] json;

  TasksTask(List<TaskInfo> tasks) {
    this.json = Json.bytes(tasks);
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
    return TaskResult.ok(json.clone());
  }
}
