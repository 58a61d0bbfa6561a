package dev.echomesh.agent.task.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskHandler;
import dev.echomesh.agent.task.TaskInfo;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TaskRegistryTest {

  static final NodeId CALLER = TaskExecutorTest.node(1);

  static TaskHandler named(String name) {
    return new TaskHandler() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return "test task " + name;
      }

      @Override
      public TaskResult handle(TaskRequest request) {
        return TaskResult.ok(name.getBytes(StandardCharsets.UTF_8));
      }
    };
  }

  @Test
  void tasks_listsEveryHandlerByNamePlusTheTasksTask() {
    TaskRegistry registry = TaskRegistry.builder().add(named("zeta")).add(new EchoTask()).build();
    assertEquals(List.of("echo", "tasks", "zeta"), registry.tasks().stream().map(TaskInfo::name).toList());
  }

  @Test
  void tasksTask_returnsTheListAsJson() throws Exception {
    TaskRegistry registry = TaskRegistry.builder().add(new EchoTask()).build();
    TaskResult result = registry.find("tasks").handler()
        .handle(new TaskRequest(CALLER, "tasks", new byte[0], Instant.EPOCH));
    JsonNode json = new ObjectMapper().readTree(result.payload());
    assertEquals(2, json.size());
    assertEquals("echo", json.get(0).get("name").asText());
    assertEquals(new EchoTask().description(), json.get(0).get("description").asText());
  }

  @Test
  void add_twoHandlersWithOneName_throwsNamingBoth() {
    TaskRegistry.Builder builder = TaskRegistry.builder().add(new EchoTask());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> builder.add(named("echo")));
    assertTrue(e.getMessage().contains("'echo'") && e.getMessage().contains(EchoTask.class.getName()), e.getMessage());
  }

  @Test
  void add_handlerNamedLikeTheBuiltInTasksTask_throws() {
    assertThrows(IllegalArgumentException.class, () -> TaskRegistry.builder().add(named("tasks")));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "has space", "slash/no", "x12345678901234567890123456789012345678901234567890123456789012345"})
  void add_invalidName_throws(String name) {
    assertThrows(IllegalArgumentException.class, () -> TaskRegistry.builder().add(named(name)));
  }

  @Test
  void allowCallers_onlyTheListedMayCall() {
    NodeId other = TaskExecutorTest.node(2);
    TaskRegistry registry = TaskRegistry.builder().add(new EchoTask())
        .allowCallers("echo", Set.of(CALLER)).build();
    assertTrue(registry.find("echo").allows(CALLER));
    assertFalse(registry.find("echo").allows(other));
    assertTrue(registry.find("tasks").allows(other));
  }

  @Test
  void allowCallers_forAnUnknownTask_throwsAtBuild() {
    TaskRegistry.Builder builder = TaskRegistry.builder().allowCallers("nope", Set.of(CALLER));
    assertThrows(IllegalArgumentException.class, builder::build);
  }

  @Test
  void find_unknownTask_isNull() {
    assertNull(TaskRegistry.builder().build().find("echo"));
  }

  @Test
  void addPlugins_findsHandlersListedInAServicesFile(@TempDir Path jarRoot) throws IOException {
    Path services = jarRoot.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve(TaskHandler.class.getName()),
        "# a plugin jar's service file\n" + PluginTask.class.getName() + "\n");
    try (URLClassLoader plugins = new URLClassLoader(new URL[] {jarRoot.toUri().toURL()},
        getClass().getClassLoader())) {
      TaskRegistry registry = TaskRegistry.builder().addPlugins(plugins).build();
      assertNotNull(registry.find("plugin.hello"));
    }
  }

  @Test
  void addPlugins_brokenServicesFile_throwsWithTheReason(@TempDir Path jarRoot) throws IOException {
    Path services = jarRoot.resolve("META-INF/services");
    Files.createDirectories(services);
    Files.writeString(services.resolve(TaskHandler.class.getName()), "com.example.Missing\n");
    try (URLClassLoader plugins = new URLClassLoader(new URL[] {jarRoot.toUri().toURL()},
        getClass().getClassLoader())) {
      IllegalStateException e = assertThrows(IllegalStateException.class,
          () -> TaskRegistry.builder().addPlugins(plugins));
      assertTrue(e.getMessage().contains("com.example.Missing"), e.getMessage());
    }
  }

  /** Loaded through a services file in {@link #addPlugins_findsHandlersListedInAServicesFile}. */
  public static final class PluginTask implements TaskHandler {
    @Override
    public String name() {
      return "plugin.hello";
    }

    @Override
    public String description() {
      return "A plugin";
    }

    @Override
    public TaskResult handle(TaskRequest request) {
      return TaskResult.ok("hello".getBytes(StandardCharsets.UTF_8));
    }
  }
}
