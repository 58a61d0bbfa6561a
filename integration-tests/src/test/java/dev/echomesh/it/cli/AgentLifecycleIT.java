package dev.echomesh.it.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Starting and stopping `echomesh agent` as a process. */
class AgentLifecycleIT {

  @TempDir Path temp;

  @Test
  void agent_sigterm_stopsCleanlyExitZeroAndRemovesSocket() throws Exception {
    Path dataDir = temp.resolve("node");
    assertEquals(0, Echomesh.run(temp, "init", "--data-dir", dataDir.toString()).exitCode());
    try (AgentProcess agent = AgentProcess.start(dataDir, "solo")) {
      assertTrue(Files.exists(dataDir.resolve("control.sock")));

      Echomesh.Result second =
          Echomesh.run(
              temp,
              "agent",
              "--data-dir",
              dataDir.toString(),
              "--port",
              "0",
              "--bind",
              "127.0.0.1");
      assertEquals(1, second.exitCode(), second.toString());
      assertTrue(
          second
              .stderr()
              .contains("already running for data dir " + dataDir + " (pid " + agent.pid() + ")"),
          second.stderr());

      assertEquals(0, agent.terminate(), agent.log());
      assertFalse(Files.exists(dataDir.resolve("control.sock")), "the socket file is removed");
      assertTrue(agent.log().contains("Agent 'solo' stopped"), agent.log());
    }
    Echomesh.Result status = Echomesh.run(temp, "status", "--data-dir", dataDir.toString());
    assertEquals(3, status.exitCode(), status.toString());
    assertEquals(
        "echomesh: no agent running for data dir "
            + dataDir
            + ": start one with `echomesh agent`\n",
        status.stderr());
  }

  @Test
  void agent_killed_staleSocketReplacedByTheNextAgent() throws Exception {
    Path dataDir = temp.resolve("node");
    assertEquals(0, Echomesh.run(temp, "init", "--data-dir", dataDir.toString()).exitCode());
    try (AgentProcess crashed = AgentProcess.start(dataDir, "first")) {
      ProcessHandle.of(crashed.pid())
          .ifPresent(ProcessHandle::destroyForcibly); // SIGKILL: no cleanup
      ProcessHandle.of(crashed.pid()).ifPresent(p -> p.onExit().join());
    }
    assertTrue(
        Files.exists(dataDir.resolve("control.sock")), "a killed agent leaves its socket file");
    assertEquals(3, Echomesh.run(temp, "status", "--data-dir", dataDir.toString()).exitCode());
    try (AgentProcess next = AgentProcess.start(dataDir, "second")) {
      assertEquals(0, next.terminate(), next.log());
    }
  }

  @Test
  void agent_withoutMeshKey_oneLineExitOne() throws Exception {
    Echomesh.Result result =
        Echomesh.run(temp, "agent", "--data-dir", temp.resolve("empty").toString(), "--port", "0");
    assertEquals(1, result.exitCode(), result.toString());
    assertTrue(result.stderr().contains("echomesh init"), result.stderr());
    assertEquals(
        1,
        result.stderr().lines().filter(line -> line.startsWith("echomesh:")).count(),
        result.stderr());
  }

  @Test
  void call_afterPeerStopped_unavailableExitTwelve() throws Exception {
    Path a = temp.resolve("a");
    Path b = temp.resolve("b");
    Echomesh.Result init = Echomesh.run(temp, "init", "--data-dir", a.toString());
    assertEquals(
        0,
        Echomesh.run(temp, "join", "--data-dir", b.toString(), init.stdout().strip()).exitCode());
    try (AgentProcess alpha = AgentProcess.start(a, "alpha");
        AgentProcess beta = AgentProcess.start(b, "beta", alpha.peerAddress())) {
      org.awaitility.Awaitility.await()
          .atMost(java.time.Duration.ofSeconds(60))
          .pollInterval(java.time.Duration.ofMillis(300))
          .until(
              () ->
                  Echomesh.run(temp, "call", "alpha", "echo", "x", "--data-dir", b.toString())
                          .exitCode()
                      == 0);
      assertEquals(0, alpha.terminate(), alpha.log());
      Echomesh.Result result =
          Echomesh.run(
              temp, "call", "alpha", "echo", "x", "--timeout", "5s", "--data-dir", b.toString());
      assertEquals(12, result.exitCode(), result.toString());
      assertTrue(result.stderr().startsWith("UNAVAILABLE"), result.stderr());
      assertEquals(0, beta.terminate(), beta.log());
    }
  }
}
