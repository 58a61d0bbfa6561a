package dev.echomesh.tools;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.Agent;
import dev.echomesh.agent.control.AgentAlreadyRunningException;
import dev.echomesh.agent.control.AgentNotRunningException;
import dev.echomesh.agent.control.AgentStatus;
import dev.echomesh.agent.control.ControlClient;
import dev.echomesh.agent.control.ControlSocket;
import dev.echomesh.agent.identity.CaTool;
import dev.echomesh.agent.identity.DataDirectory;
import dev.echomesh.agent.identity.IdentityException;
import dev.echomesh.agent.identity.IdentityStore;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real agent on loopback, started and stopped in process. */
class AgentRunnerTest {

  @TempDir Path dataDir;

  private AgentRunner.Options options(String name) {
    return new AgentRunner.Options(name, 0, InetAddress.getLoopbackAddress(), List.of());
  }

  @Test
  void start_initializedDir_servesTheControlSocketUntilStopped() throws Exception {
    DataDirectory directory = DataDirectory.of(dataDir);
    new IdentityStore(directory).init(false);
    AgentRunner runner = AgentRunner.start(directory, options("alpha"), java.util.Map.of());
    try (ControlClient client = ControlClient.connect(dataDir)) {
      AgentStatus status = client.status();
      assertEquals("alpha", status.name());
      assertEquals(new IdentityStore(directory).nodeId(), status.nodeId());
      assertTrue(status.linkAddress().startsWith("127.0.0.1:"), status.linkAddress());
      assertTrue(client.localTasks().tasks().stream().anyMatch(t -> t.name().equals("reverse")));
    } finally {
      runner.stop();
    }
    assertFalse(Files.exists(ControlSocket.path(dataDir)));
    assertThrows(AgentNotRunningException.class, () -> ControlClient.connect(dataDir));
  }

  @Test
  void start_secondOnSameDir_refusedBeforeOpeningAnyPort() throws Exception {
    DataDirectory directory = DataDirectory.of(dataDir);
    new IdentityStore(directory).init(false);
    AgentRunner first = AgentRunner.start(directory, options("alpha"), java.util.Map.of());
    try {
      assertThrows(
          AgentAlreadyRunningException.class, () -> AgentRunner.start(directory, options("beta"), java.util.Map.of()));
      try (ControlClient client = ControlClient.connect(dataDir)) {
        assertEquals("alpha", client.status().name(), "the first agent is untouched");
      }
    } finally {
      first.stop();
    }
  }

  @Test
  void start_noMeshKey_identityErrorAndNoSocketLeft() {
    IdentityException e =
        assertThrows(
            IdentityException.class,
            () -> AgentRunner.start(DataDirectory.of(dataDir), options("a"), java.util.Map.of()));
    assertEquals(IdentityException.Reason.NO_MESH_KEY, e.reason());
    assertFalse(Files.exists(ControlSocket.path(dataDir)));
  }

  @Test
  void stop_twice_secondIsNoOp() throws Exception {
    DataDirectory directory = DataDirectory.of(dataDir);
    new IdentityStore(directory).init(false);
    AgentRunner runner = AgentRunner.start(directory, options("alpha"), java.util.Map.of());
    runner.stop();
    runner.stop();
    assertTrue(runner.agent() != null);
  }

  @Test
  void start_caModeDirsOfOneSiteCa_twoAgentsCallEachOther(@TempDir Path temp) throws Exception {
    CaTool tool = new CaTool(Clock.systemUTC());
    tool.initCa(temp.resolve("ca"), "Site CA", Duration.ofDays(1));
    tool.issue(temp.resolve("ca"), "kitchen", temp.resolve("kitchen"), Duration.ofDays(1));
    tool.issue(temp.resolve("ca"), "pantry", temp.resolve("pantry"), Duration.ofDays(1));
    AgentRunner kitchen = AgentRunner.start(DataDirectory.of(temp.resolve("kitchen")), options("kitchen"), java.util.Map.of());
    try {
      AgentRunner pantry =
          AgentRunner.start(
              DataDirectory.of(temp.resolve("pantry")),
              new AgentRunner.Options(
                  "pantry", 0, InetAddress.getLoopbackAddress(), List.of(kitchen.agent().linkAddress())),
              java.util.Map.of());
      try {
        Agent a = kitchen.agent();
        Agent b = pantry.agent();
        await().atMost(Duration.ofSeconds(30)).until(() -> a.findPeer("pantry").isPresent() && b.findPeer("kitchen").isPresent());
        assertEquals(
            "olleh",
            b.call(a.nodeId(), "reverse", "hello".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10))
                .join().payloadAsString());
        assertEquals(
            "hi",
            a.call(b.nodeId(), "echo", "hi".getBytes(StandardCharsets.UTF_8), Duration.ofSeconds(10))
                .join().payloadAsString());
        assertEquals(new IdentityStore(DataDirectory.of(temp.resolve("kitchen"))).nodeId(), a.nodeId());
      } finally {
        pantry.stop();
      }
    } finally {
      kitchen.stop();
    }
  }

  @Test
  void start_caModeCertificateOfAnotherCa_identityErrorNamingNodeCrtAndNoSocketLeft(@TempDir Path temp)
      throws IOException {
    CaTool tool = new CaTool(Clock.systemUTC());
    tool.initCa(temp.resolve("ca"), "Site CA", Duration.ofDays(1));
    tool.initCa(temp.resolve("other"), "Other CA", Duration.ofDays(1));
    tool.issue(temp.resolve("ca"), "kitchen", dataDir, Duration.ofDays(1));
    Files.copy(temp.resolve("other").resolve("ca.crt"), dataDir.resolve("ca.crt"), StandardCopyOption.REPLACE_EXISTING);

    IdentityException e =
        assertThrows(IdentityException.class, () -> AgentRunner.start(DataDirectory.of(dataDir), options("a"), java.util.Map.of()));
    assertEquals(IdentityException.Reason.CREDENTIALS_MISMATCH, e.reason());
    assertEquals(dataDir.resolve("node.crt"), e.file());
    assertFalse(Files.exists(ControlSocket.path(dataDir)));
  }

  @Test
  void agentCommand_brokenCaModeDir_oneLineNamingTheFileExitOne(@TempDir Path temp) throws Exception {
    CaTool tool = new CaTool(Clock.systemUTC());
    tool.initCa(temp.resolve("ca"), "Site CA", Duration.ofDays(1));
    tool.issue(temp.resolve("ca"), "kitchen", dataDir, Duration.ofDays(1));
    tool.issue(temp.resolve("ca"), "pantry", temp.resolve("pantry"), Duration.ofDays(1));
    Files.copy(temp.resolve("pantry").resolve("node.key"), dataDir.resolve("node.key"), StandardCopyOption.REPLACE_EXISTING);

    // Bounded, so that an agent that started anyway fails the test instead of hanging it.
    CliRun.Result result =
        new CliRun(dataDir)
            .start("agent", "--bind", "127.0.0.1", "--no-mdns", "--port", "0")
            .result.get(60, TimeUnit.SECONDS);
    assertEquals(1, result.exitCode(), result.toString());
    assertEquals(
        "echomesh: " + dataDir.resolve("node.crt") + " is not the certificate of "
            + dataDir.resolve("node.key") + " (their public keys differ)\n",
        result.stderr());
  }
}
