package dev.echomesh.agent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.echomesh.agent.testing.FakeAgent;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The server on each domain-socket transport: epoll (Linux) and the NIO fallback. */
class HttpControlServerTest {

  @TempDir Path dataDir;

  @ParameterizedTest
  @EnumSource(DomainSockets.class)
  void bind_eachTransport_ownerOnlySocketServingStatus(DomainSockets transport) throws IOException {
    FakeAgent agent = new FakeAgent("self");
    try (HttpControlServer server =
        HttpControlServer.bind(dataDir, ControlConfig.builder().version("1.2.3").build(), transport)) {
      server.start(agent);
      assertEquals(
          "rw-------",
          PosixFilePermissions.toString(Files.getPosixFilePermissions(server.socketPath())));
      try (ControlClient client = ControlClient.connect(dataDir)) {
        AgentStatus status = client.status();
        assertEquals("self", status.name());
        assertEquals("1.2.3", status.version());
      }
      AgentAlreadyRunningException second =
          assertThrows(
              AgentAlreadyRunningException.class,
              () -> HttpControlServer.bind(dataDir, ControlConfig.defaults(), transport));
      assertEquals(dataDir.toAbsolutePath().normalize(), second.dataDir());
    }
    assertFalse(Files.exists(ControlSocket.path(dataDir)));
    assertThrows(AgentNotRunningException.class, () -> ControlClient.connect(dataDir));
  }

  @ParameterizedTest
  @EnumSource(DomainSockets.class)
  void bind_busyPollOff_eachTransport_servesRequests(DomainSockets transport) throws IOException {
    ControlConfig config = ControlConfig.builder().version("1.2.3").busyPoll(Duration.ZERO).build();
    try (HttpControlServer server = HttpControlServer.bind(dataDir, config, transport)) {
      server.start(new FakeAgent("quiet"));
      for (int request = 0; request < 3; request++) { // each one wakes a sleeping loop
        try (ControlClient client = ControlClient.connect(dataDir)) {
          assertEquals("quiet", client.status().name());
        }
      }
    }
  }
}
