package dev.echomesh.it.mesh;

import dev.echomesh.agent.task.TaskHandler;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A test plugin task, {@value #NAME}: payload {@code "MILLIS DIR"}. Writes {@code DIR/HOST.started}
 * (HOST from the environment variable {@value #HOST_ENV}) so a test knows the call is running,
 * then sleeps MILLIS (at most until the deadline) and answers with HOST. Loaded by agents of the
 * virtual LAN from a plugin jar ({@link PluginJar}), never from the test classpath.
 */
public final class SleepTask implements TaskHandler {

  static final String NAME = "it.sleep";
  static final String HOST_ENV = "ECHOMESH_IT_HOST";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "test: sleeps MILLIS after marking DIR/HOST.started";
  }

  @Override
  public TaskResult handle(TaskRequest request) throws Exception {
    String[] parts = new String(request.payload(), StandardCharsets.UTF_8).split(" ", 2);
    if (parts.length != 2) {
      return TaskResult.error(TaskStatus.INVALID, "payload is MILLIS DIR");
    }
    String host = System.getenv().getOrDefault(HOST_ENV, "unknown");
    Files.writeString(Path.of(parts[1]).resolve(host + ".started"), host);
    Duration wanted = Duration.ofMillis(Long.parseLong(parts[0]));
    Duration left = Duration.between(Instant.now(), request.deadline());
    Thread.sleep(Math.max(0, Math.min(wanted.toMillis(), left.toMillis())));
    return TaskResult.ok(host.getBytes(StandardCharsets.UTF_8));
  }
}
