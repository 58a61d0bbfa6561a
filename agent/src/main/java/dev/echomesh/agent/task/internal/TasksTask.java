package dev.echomesh.agent.task.internal;

import dev.echomesh.agent.task.TaskHandler;
import dev.echomesh.agent.task.TaskInfo;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import java.util.List;
import java.util.function.Supplier;

/** The built-in {@code tasks}: this node's tasks with their descriptions, as a JSON array. */
final class TasksTask implements TaskHandler {

  static final String NAME = "tasks";
  static final String DESCRIPTION = "Lists this node's tasks as JSON: [{\"name\": ..., \"description\": ..., \"origin\": ...}]";

  private final Supplier<List<TaskInfo>> tasks;
  /**
   * The last list and its JSON, written on first use: JSON (Jackson) costs an idle agent megabytes
   * it may never need. Written again when the list changed (tasks served by programs come and go).
   */
  private volatile Listing cached;

  private record Listing(List<TaskInfo> tasks, byte[] json) {}

  TasksTask(Supplier<List<TaskInfo>> tasks) {
    this.tasks = tasks;
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
    List<TaskInfo> now = tasks.get();
    Listing listing = cached;
    if (listing == null || !listing.tasks().equals(now)) {
      listing = new Listing(now, Json.bytes(now));
      cached = listing;
    }
    return TaskResult.ok(listing.json().clone());
  }
}
