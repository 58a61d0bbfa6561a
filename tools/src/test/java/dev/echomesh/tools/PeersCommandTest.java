package dev.echomesh.tools;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.testing.FakeAgent;
import dev.echomesh.agent.testing.TestPeers;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class PeersCommandTest extends RunningAgentTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void peers_table_headerAndOneRowPerPeer() {
    CliRun.Result result = cli.run("peers");
    assertEquals(0, result.exitCode(), result.toString());
    List<String> lines = result.stdout().lines().toList();
    assertTrue(
        lines.get(0).matches("NAME +ID +STATE +ADDRESSES +IF +MAC +RTT +LOSS +LAST SEEN"),
        lines.get(0));
    String alice = lines.get(1).startsWith("alice") ? lines.get(1) : lines.get(2);
    String bob = lines.get(1).startsWith("bob") ? lines.get(1) : lines.get(2);
    assertTrue(
        alice.matches(
            "alice +"
                + fixture.alice.id().shortForm()
                + " +ALIVE +198\\.18\\.0\\.2,fe80:0:0:0:0:0:0:2 +veth0 +02:00:00:00:00:02 +0\\.42ms"
                + " +2\\.5% +3s ago"),
        alice);
    assertTrue(
        bob.matches("bob +\\S+ +SUSPECT +198\\.18\\.0\\.3 +- +02:00:00:00:00:03! +- +- +4m 59s ago"),
        bob);
    assertTrue(lines.get(3).startsWith("! the MAC differs"), lines.get(3));
  }

  @Test
  void peers_json_arrayWithDocumentedFieldNames() throws IOException {
    CliRun.Result result = cli.run("peers", "--json");
    assertEquals(0, result.exitCode(), result.toString());
    JsonNode array = new ObjectMapper().readTree(result.stdout());
    assertTrue(array.isArray());
    assertEquals(2, array.size());
    JsonNode alice =
        array.get(0).get("name").asText().equals("alice") ? array.get(0) : array.get(1);
    assertEquals(fixture.alice.id().toString(), alice.get("id").asText());
    assertEquals("alice", alice.get("name").asText());
    assertEquals("ALIVE", alice.get("state").asText());
    assertEquals("198.18.0.2", alice.get("addresses").get(0).asText());
    assertEquals("fe80:0:0:0:0:0:0:2", alice.get("addresses").get(1).asText());
    assertEquals("veth0", alice.get("interface").asText());
    assertEquals("02:00:00:00:00:02", alice.get("mac").asText());
    assertFalse(alice.get("macMismatch").asBoolean());
    assertEquals(7946, alice.get("port").asInt());
    assertEquals(7947, alice.get("udpPort").asInt());
    assertEquals(420, alice.get("rttMicros").asLong());
    assertEquals(450, alice.get("rttLastMicros").asLong());
    assertEquals(900, alice.get("rttP99Micros").asLong());
    assertEquals(2.5, alice.get("lossPercent").asDouble());
    assertEquals(3, alice.get("incarnation").asLong());
    assertEquals("2025-01-01T11:59:57Z", alice.get("lastSeen").asText());
    assertEquals(fixture.alice.lastSeen(), Instant.parse(alice.get("lastSeen").asText()));
  }

  @Test
  void peers_jsonNeverMeasured_rttNullAndMismatchFlagged() throws IOException {
    JsonNode array = new ObjectMapper().readTree(cli.run("peers", "--json").stdout());
    JsonNode bob = array.get(0).get("name").asText().equals("bob") ? array.get(0) : array.get(1);
    assertTrue(bob.get("rttMicros").isNull());
    assertTrue(bob.get("macMismatch").asBoolean());
    assertEquals("2025-01-01T11:55:00.250Z", bob.get("lastSeen").asText());
  }

  @Test
  void peers_noneKnown_friendlyLineAndJsonEmptyArray() throws IOException {
    fixture.close();
    FakeAgent lonely = new FakeAgent("lonely");
    try (var server =
        dev.echomesh.agent.control.ControlServer.bind(
            dataDir, dev.echomesh.agent.control.ControlConfig.defaults())) {
      server.start(lonely);
      assertTrue(cli.run("peers").stdout().startsWith("No peers yet."));
      assertEquals("[]\n", cli.run("peers", "--json").stdout());
    }
  }

  @Test
  void peers_noAgent_exitThree() {
    fixture.close();
    CliRun.Result result = cli.run("peers");
    assertEquals(3, result.exitCode());
    assertTrue(result.stderr().contains("start one with `echomesh agent`"));
  }

  @Test
  void peersWatchJson_snapshotThenEachChange_thenAgentStopsExitThree() throws Exception {
    CliRun.Running watching = cli.start("peers", "--watch", "--json");
    await().atMost(WAIT).until(() -> watching.stdoutSoFar().contains("\"bob\""));
    fixture.agent.putPeer(
        TestPeers.peer("carol").address("198.18.0.4").state(PeerState.ALIVE).build());
    await().atMost(WAIT).until(() -> watching.stdoutSoFar().contains("\"carol\""));
    fixture.server.close();
    CliRun.Result result = watching.result.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    assertEquals(3, result.exitCode(), result.toString());
    assertEquals("echomesh: the agent stopped\n", result.stderr());
    List<String> names = result.stdout().lines().map(PeersCommandTest::readName).toList();
    assertEquals(List.of("alice", "bob", "carol"), names.stream().sorted().toList());
  }

  @Test
  void peersWatchJson_onlyRoundTripMoved_printsNothingForIt() throws Exception {
    CliRun.Running watching = cli.start("peers", "--watch", "--json");
    await().atMost(WAIT).until(() -> watching.stdoutSoFar().contains("\"bob\""));
    Peer bob = fixture.bob;
    fixture.agent.putPeer(
        new Peer(bob.id(), bob.name(), bob.state(), bob.incarnation(), bob.addresses(),
            bob.interfaceName(), bob.mac(), bob.macMismatch(), bob.linkPort(), bob.udpPort(),
            bob.rtt(), bob.lossPercent() + 5, bob.lastSeen().plusSeconds(1)));
    fixture.agent.putPeer(
        TestPeers.peer("carol").address("198.18.0.4").state(PeerState.ALIVE).build());
    await().atMost(WAIT).until(() -> watching.stdoutSoFar().contains("\"carol\""));
    fixture.server.close();
    CliRun.Result result = watching.result.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    List<String> names = result.stdout().lines().map(PeersCommandTest::readName).toList();
    assertEquals(List.of("alice", "bob", "carol"), names.stream().sorted().toList());
  }

  @Test
  void peersWatchTable_redrawnWithTheChange() throws Exception {
    CliRun.Running watching = cli.start("peers", "--watch");
    await().atMost(WAIT).until(() -> watching.stdoutSoFar().contains("2 peer(s)"));
    fixture.agent.putPeer(
        TestPeers.peer("bob").address("198.18.0.3").state(PeerState.DEAD).build());
    await().atMost(WAIT).until(() -> watching.stdoutSoFar().matches("(?s).*bob +\\S+ +DEAD.*"));
    fixture.server.close();
    assertEquals(3, watching.result.get(WAIT.toSeconds(), TimeUnit.SECONDS).exitCode());
  }

  @Test
  void peersWatchTable_peerForgotten_rowRemoved() throws Exception {
    CliRun.Running watching = cli.start("peers", "--watch");
    await().atMost(WAIT).until(() -> watching.stdoutSoFar().contains("2 peer(s)"));
    fixture.agent.forget(fixture.bob.id());
    await().atMost(WAIT).until(() -> watching.stdoutSoFar().contains("1 peer(s)"));
    String lastFrame = watching.stdoutSoFar().substring(watching.stdoutSoFar().lastIndexOf("1 peer(s)"));
    assertTrue(lastFrame.contains("alice"), lastFrame);
    assertFalse(lastFrame.contains("bob"), lastFrame);
    fixture.server.close();
    assertEquals(3, watching.result.get(WAIT.toSeconds(), TimeUnit.SECONDS).exitCode());
  }

  @Test
  void peersWatchJson_peerForgotten_lineMarkedRemoved() throws Exception {
    CliRun.Running watching = cli.start("peers", "--watch", "--json");
    await().atMost(WAIT).until(() -> watching.stdoutSoFar().contains("\"bob\""));
    fixture.agent.forget(fixture.bob.id());
    await().atMost(WAIT).until(() -> watching.stdoutSoFar().contains("\"removed\":true"));
    fixture.server.close();
    CliRun.Result result = watching.result.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    String last = result.stdout().lines().reduce((a, b) -> b).orElseThrow();
    assertEquals("bob", readName(last), last);
    assertTrue(new ObjectMapper().readTree(last).get("removed").asBoolean(), last);
  }

  private static String readName(String line) {
    try {
      return new ObjectMapper().readTree(line).get("name").asText();
    } catch (IOException e) {
      throw new AssertionError("not a JSON line: " + line, e);
    }
  }
}
