package dev.echomesh.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.testing.TestPeers;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BroadcastCommandTest {

  @TempDir Path dataDir;
  private AgentFixture fixture;
  private CliRun cli;

  @BeforeEach
  void start() throws IOException {
    fixture = new AgentFixture(dataDir);
    fixture.agent.putPeer(TestPeers.peer("carol").address("198.18.0.4").build());
    cli = new CliRun(dataDir);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void broadcast_allAliveAnswerOk_eachPeerShownExitZero() {
    CliRun.Result result = cli.run("broadcast", "reverse", "abc");
    assertEquals(0, result.exitCode(), result.toString());
    assertTrue(
        result.stdout().contains("== alice (" + fixture.alice.id().shortForm() + ") OK\ncba\n"),
        result.stdout());
    assertTrue(result.stdout().contains("== carol ("), result.stdout());
    assertTrue(!result.stdout().contains("bob"), "bob is SUSPECT, not called: " + result.stdout());
  }

  @Test
  void broadcast_somePeerNotOk_exitThirteen() {
    fixture.agent.putPeer(
        TestPeers.peer("carol")
            .state(PeerState.ALIVE)
            .id(fixture.alice.id())
            .name("alice")
            .build());
    fixture.agent.putPeer(TestPeers.peer("dave").build());
    CliRun.Result result = cli.run("broadcast", "fail-FAILED");
    assertEquals(13, result.exitCode(), result.toString());
    assertTrue(result.stdout().contains("FAILED: it went FAILED"), result.stdout());
  }

  @Test
  void broadcast_json_onePerPeerWithStatus() throws IOException {
    CliRun.Result result = cli.run("broadcast", "echo", "x", "--json");
    JsonNode json = new ObjectMapper().readTree(result.stdout());
    assertEquals(2, json.size());
    for (JsonNode outcome : json) {
      assertEquals("OK", outcome.get("status").asText());
      assertEquals("x", outcome.get("payload").asText());
    }
  }

  @Test
  void broadcast_binaryPayloadResult_sizeShownNotBytes() {
    CliRun.Result result = cli.run("broadcast", "binary");
    assertTrue(result.stdout().contains("<3 bytes of binary data>"), result.stdout());
  }
}
