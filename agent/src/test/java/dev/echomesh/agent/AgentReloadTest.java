package dev.echomesh.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.task.TaskInfo;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.task.command.CommandTaskSpec;
import dev.echomesh.agent.testing.GateTask;
import dev.echomesh.agent.testing.LoopbackAgents;
import dev.echomesh.agent.testing.TestMeshes;
import dev.echomesh.agent.testing.TestMeshes.TestMesh;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Reload (command tasks, allow-lists, deny list) and live denials on running loopback agents. */
class AgentReloadTest {

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

  private final LoopbackAgents agents = new LoopbackAgents();
  private final TestMesh mesh = TestMeshes.newMesh();

  @AfterEach
  void close() {
    agents.close();
  }

  private static TaskResult call(Agent from, Agent to, String task) {
    return from.call(to.nodeId(), task, "hi".getBytes(StandardCharsets.UTF_8), CALL_TIMEOUT).join();
  }

  @Test
  void reload_newAllowList_appliesAtOnceAndTheLinkStaysUp() throws Exception {
    GateTask slow = new GateTask("slow");
    AtomicReference<AgentConfig> next = new AtomicReference<>();
    AgentConfig.Builder serverConfig = LoopbackAgents.config(mesh, "server").task(slow).source(next::get);
    Agent[] pair = agents.linkedPair(mesh, LoopbackAgents.config(mesh, "client"), serverConfig);
    Agent client = pair[0];
    Agent server = pair[1];
    assertEquals(TaskStatus.OK, call(client, server, "echo").status());
    CompletableFuture<TaskResult> inFlight =
        client.call(server.nodeId(), "slow", new byte[0], CALL_TIMEOUT);
    assertTrue(slow.started.await(20, TimeUnit.SECONDS));

    next.set(serverConfig.allowCallers("echo", Set.of(server.nodeId())).build());
    server.reload();

    assertEquals(TaskStatus.DENIED, call(client, server, "echo").status());
    slow.release.countDown();
    assertEquals(TaskStatus.OK, inFlight.join().status(), "a call across the reload ends normally: no link dropped");
  }

  private static CommandTaskSpec command(String name, String... argv) {
    return CommandTaskSpec.builder(name).command(List.of(argv)).build();
  }

  @Test
  void reload_commandTasksAddedChangedRemoved_takeEffectAndACallInFlightFinishes(@TempDir Path dir)
      throws Exception {
    Path started = dir.resolve("started");
    Path release = dir.resolve("release");
    CommandTaskSpec waiting = command("waiting", "/bin/sh", "-c",
        "touch \"$0\"; while [ ! -e \"$1\" ]; do sleep 0.05; done; echo finished", started.toString(),
        release.toString());
    AtomicReference<AgentConfig> next = new AtomicReference<>();
    AgentConfig.Builder serverConfig = LoopbackAgents.config(mesh, "server").source(next::get)
        .commandTask(command("greet", "/bin/echo", "one")).commandTask(waiting);
    Agent[] pair = agents.linkedPair(mesh, LoopbackAgents.config(mesh, "client"), serverConfig);
    Agent client = pair[0];
    Agent server = pair[1];
    assertEquals("one\n", call(client, server, "greet").payloadAsString());
    assertTrue(server.tasks().contains(new TaskInfo("greet", "runs /bin/echo one", TaskInfo.COMMAND)),
        server.tasks().toString());
    CompletableFuture<TaskResult> inFlight = client.call(server.nodeId(), "waiting", new byte[0], CALL_TIMEOUT);
    await().atMost(CALL_TIMEOUT).until(() -> Files.exists(started));

    next.set(serverConfig.clearCommandTasks().commandTask(command("greet", "/bin/echo", "two"))
        .commandTask(command("added", "/bin/echo", "new")).build());
    server.reload();

    assertEquals("two\n", call(client, server, "greet").payloadAsString(), "changed");
    assertEquals("new\n", call(client, server, "added").payloadAsString(), "added");
    assertEquals(TaskStatus.NOT_FOUND, call(client, server, "waiting").status(), "removed");
    Files.createFile(release);
    TaskResult finished = inFlight.join();
    assertEquals("finished\n", finished.payloadAsString(), "the call in flight ends with the handler it began with: "
        + finished);
  }

  @Test
  void reload_commandTaskNamedLikeABuiltIn_refusedNamingItsKey() throws Exception {
    AtomicReference<AgentConfig> next = new AtomicReference<>();
    AgentConfig.Builder config = LoopbackAgents.config(mesh, "server").source(next::get);
    Agent server = agents.start(config);
    next.set(config.commandTask(command("echo", "/bin/echo")).build());
    ConfigException e = assertThrows(ConfigException.class, server::reload);
    assertEquals("tasks.echo.command", e.key());
    assertTrue(e.getMessage().contains("a command task needs a name of its own"), e.getMessage());
  }

  @Test
  void reload_sourceFails_keepsTheSettingsInUse() throws Exception {
    AgentConfig.Builder serverConfig = LoopbackAgents.config(mesh, "server")
        .source(() -> {
          throw new ConfigException(Path.of("echomesh.toml"), 3, "tasks.echo", "tasks.echo: broken");
        });
    Agent[] pair = agents.linkedPair(mesh, LoopbackAgents.config(mesh, "client"), serverConfig);
    ConfigException e = assertThrows(ConfigException.class, pair[1]::reload);
    assertEquals("echomesh.toml:3: tasks.echo: broken", e.getMessage());
    assertEquals(TaskStatus.OK, call(pair[0], pair[1], "echo").status());
  }

  @Test
  void reload_allowListForAnUnknownTask_refusedNamingTheKey() throws Exception {
    AtomicReference<AgentConfig> next = new AtomicReference<>();
    AgentConfig.Builder config = LoopbackAgents.config(mesh, "server").source(next::get);
    Agent server = agents.start(config);
    next.set(config.allowCallers("ehco", Set.of(server.nodeId())).build());
    ConfigException e = assertThrows(ConfigException.class, server::reload);
    assertEquals("tasks.ehco", e.key());
    assertTrue(e.getMessage().contains("echo"), "lists the tasks there are: " + e.getMessage());
  }

  @Test
  void deny_peer_refusedUntilAllowedAndKeptAcrossARestart(@TempDir Path dataDir) throws Exception {
    AgentConfig.Builder serverConfig = LoopbackAgents.config(mesh, "server").dataDirectory(dataDir);
    Agent[] pair = agents.linkedPair(mesh, LoopbackAgents.config(mesh, "client"), serverConfig);
    Agent client = pair[0];
    Agent server = pair[1];

    assertTrue(server.deny(client.nodeId()));
    assertEquals(Set.of(client.nodeId()), server.deniedNodes());
    assertNotEquals(TaskStatus.OK, call(client, server, "echo").status(), "refused at the handshake");

    assertTrue(server.allow(client.nodeId()));
    assertEquals(TaskStatus.OK, call(client, server, "echo").status());

    server.deny(client.nodeId());
    server.close();
    Agent restarted = agents.start(serverConfig);
    assertEquals(Set.of(client.nodeId()), restarted.deniedNodes(), "read back from the data directory");
    assertTrue(restarted.allow(client.nodeId()));
    assertFalse(restarted.deniedNodes().contains(client.nodeId()));
  }

  @Test
  void deny_thisNodeItself_refused() {
    Agent agent = agents.start(LoopbackAgents.config(mesh, "solo"));
    assertThrows(IllegalArgumentException.class, () -> agent.deny(agent.nodeId()));
  }
}
