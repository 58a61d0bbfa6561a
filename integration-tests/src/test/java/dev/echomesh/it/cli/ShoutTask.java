package dev.echomesh.it.cli;

import dev.echomesh.agent.task.TaskHandler;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** A task plugin for {@link PluginDirectoryIT}: answers the payload in upper case. */
public final class ShoutTask implements TaskHandler {

  static final String NAME = "shout";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "answers the payload in upper case";
  }

  @Override
  public TaskResult handle(TaskRequest request) {
    String text = new String(request.payload(), StandardCharsets.UTF_8);
    return TaskResult.ok(text.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
  }
}
