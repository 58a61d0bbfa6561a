package dev.echomesh.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.testing.TestPeers;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TasksCommandTest {

  @TempDir Path dataDir;
  private AgentFixture fixture;
  private CliRun cli;

  @BeforeEach
  void start() throws IOException {
    fixture = new AgentFixture(dataDir);
    cli = new CliRun(dataDir);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void tasks_noPeer_thisNodesTasksAsTable() {
    CliRun.Result result = cli.run("tasks");
    assertEquals(0, result.exitCode(), result.toString());
    assertEquals(
        List.of(
            "TASK     DESCRIPTION",
            "echo     returns the payload",
            "reverse  reverses a UTF-8 string"),
        result.stdout().lines().toList());
  }

  @Test
  void tasks_peer_askedFromThePeer() {
    CliRun.Result result = cli.run("tasks", "alice");
    assertEquals(0, result.exitCode(), result.toString());
    assertTrue(result.stdout().contains("binary"), result.stdout());
    assertTrue(result.stdout().contains("fail-TIMEOUT"), result.stdout());
    assertEquals(List.of("alice:tasks"), fixture.agent.calls());
  }

  @Test
  void tasks_json_namesAndDescriptions() throws IOException {
    JsonNode json = new ObjectMapper().readTree(cli.run("tasks", "--json").stdout());
    assertEquals("echo", json.get(0).get("name").asText());
    assertEquals("returns the payload", json.get(0).get("description").asText());
    assertEquals(2, json.size());
  }

  @Test
  void tasks_unreachablePeer_statusLineAndUnavailableExitCode() {
    fixture.agent.putPeer(TestPeers.peer("gone").state(PeerState.LEFT).build());
    CliRun.Result result = cli.run("tasks", "gone");
    assertEquals(12, result.exitCode());
    assertTrue(result.stderr().startsWith("UNAVAILABLE: "), result.stderr());
  }

  @Test
  void tasks_unknownPeer_exitFour() {
    assertEquals(4, cli.run("tasks", "nobody").exitCode());
  }
}
