package dev.echomesh.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.control.AgentAlreadyRunningException;
import dev.echomesh.agent.control.AgentNotRunningException;
import dev.echomesh.agent.control.AgentStatus;
import dev.echomesh.agent.control.ControlClient;
import dev.echomesh.agent.control.ControlSocket;
import dev.echomesh.agent.identity.DataDirectory;
import dev.echomesh.agent.identity.IdentityException;
import dev.echomesh.agent.identity.IdentityStore;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
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
}
