package dev.echomesh.agent.task.command;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.Agent;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.testing.LoopbackAgents;
import dev.echomesh.agent.testing.TestMeshes;
import dev.echomesh.agent.testing.TestMeshes.TestMesh;
import dev.echomesh.agent.testing.TestPeers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Agent b offers command tasks registered in code; agent a calls them over a real TLS link. */
class CommandTaskAgentTest {

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration WAIT = Duration.ofSeconds(30);

  @TempDir
  static Path dir;

  private final LoopbackAgents agents = new LoopbackAgents();
  private final TestMesh mesh = TestMeshes.newMesh();
  private Agent a;
  private Agent b;

  @BeforeEach
  void setUp() {
    AtomicReference<Agent> callee = new AtomicReference<>();
    CallerNames names = id -> callee.get().peers().stream().filter(p -> p.id().equals(id)).map(Peer::name).findFirst();
    String stubborn = "trap '' TERM\n/bin/sleep 311 &\necho $! > " + dir.resolve("child.tmp") + "\n"
        + "/bin/mv " + dir.resolve("child.tmp") + " " + dir.resolve("child.pid") + "\n/bin/sleep 312\n";
    Agent[] pair = agents.linkedPair(mesh,
        LoopbackAgents.config(mesh, "a"),
        LoopbackAgents.config(mesh, "b")
            .task(CommandTask.create(CommandTaskSpec.builder("whoami").command(List.of("/usr/bin/env")).build(), names))
            .task(CommandTask.create(CommandTaskSpec.builder("grep").command(List.of("/bin/grep", "-c"))
                .args(List.of("^[a-z]{1,16}$")).build(), names))
            .task(CommandTask.create(CommandTaskSpec.builder("stubborn").command(List.of("/bin/sh", "-c", stubborn))
                .timeout(Duration.ofDays(1)).build(), names))
            .task(CommandTask.create(CommandTaskSpec.builder("private").command(List.of("/bin/cat"))
                .allow(Set.of(TestPeers.nodeId("someone else"))).build(), names)));
    a = pair[0];
    b = pair[1];
    callee.set(b);
  }

  @AfterEach
  void tearDown() {
    agents.close();
  }

  private TaskResult call(String task, String payload, Duration timeout) {
    return a.call(b.nodeId(), task, payload.getBytes(StandardCharsets.UTF_8), timeout).join();
  }

  @Test
  void call_commandTask_runsWithCallerIdentityInItsEnvironment() {
    TaskResult result = call("whoami", "", CALL_TIMEOUT);

    assertEquals(TaskStatus.OK, result.status(), result.toString());
    Set<String> lines = result.payloadAsString().lines().collect(Collectors.toSet());
    assertEquals(Set.of("ECHOMESH_CALLER=" + a.nodeId(), "ECHOMESH_CALLER_NAME=a"), lines);
  }

  @Test
  void call_argumentsAndStdin_reachTheProgram() {
    TaskResult result = call("grep", "{\"args\": [\"mesh\"], \"stdin\": \"mesh\\nlan\\nmesh net\\n\"}", CALL_TIMEOUT);

    assertEquals("2\n", result.payloadAsString());
  }

  @Test
  void call_argumentInjection_isInvalid() {
    TaskResult result = call("grep", "{\"args\": [\"x; rm -rf /\"]}", CALL_TIMEOUT);

    assertEquals(TaskStatus.INVALID, result.status());
    assertTrue(result.message().contains("argument 0"), result.message());
  }

  @Test
  void call_callerNotOnAllowList_isDenied() {
    assertEquals(TaskStatus.DENIED, call("private", "x", CALL_TIMEOUT).status());
  }

  @Test
  void call_deadlinePasses_callerTimesOutAndCalleeKillsTheGroup() throws IOException {
    TaskResult result = call("stubborn", "", Duration.ofSeconds(3));

    assertEquals(TaskStatus.TIMEOUT, result.status(), result.toString());
    Path pidFile = dir.resolve("child.pid");
    await("the child wrote its pid").atMost(WAIT).until(() -> Files.exists(pidFile));
    long child = LiveProcesses.readPid(pidFile);
    await("the child ignoring SIGTERM is gone").atMost(WAIT).until(() -> !LiveProcesses.running(child, "311"));
  }
}
