package dev.echomesh.agent.task.internal;

import dev.echomesh.agent.task.TaskHandler;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;

/** The built-in {@code echo}: answers with the payload it got. */
public final class EchoTask implements TaskHandler {

  @Override
  public String name() {
    return "echo";
  }

  @Override
  public String description() {
    return "Answers with the payload it got";
  }

  @Override
  public TaskResult handle(TaskRequest request) {
    return TaskResult.ok(request.payload());
  }

  /** Always: it hands the payload back without copying it. */
  @Override
  public boolean runsInline(TaskRequest request) {
    return true;
  }
}
