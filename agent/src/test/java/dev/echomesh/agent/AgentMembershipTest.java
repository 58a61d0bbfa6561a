package dev.echomesh.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.testing.LoopbackAgents;
import dev.echomesh.agent.testing.TestMeshes;
import dev.echomesh.agent.testing.TestMeshes.TestMesh;
import dev.echomesh.agent.testing.TestPeers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Liveness wired into real agents on loopback: unicast pings between static peers. */
class AgentMembershipTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final LoopbackAgents agents = new LoopbackAgents();
  private final TestMesh mesh = TestMeshes.newMesh();

  @AfterEach
  void tearDown() {
    agents.close();
  }

  @Test
  void linkedPair_pingEachOtherByUnicast_stayAliveWithRoundTripsAndUdpPorts() {
    Agent[] pair = agents.linkedPair(mesh, LoopbackAgents.config(mesh, "a"), LoopbackAgents.config(mesh, "b"));
    Agent a = pair[0];
    Agent b = pair[1];
    await().atMost(WAIT).until(() -> a.findPeer("b").orElseThrow().rtt().measured()
        && b.findPeer("a").orElseThrow().rtt().measured());
    Peer bAtA = a.findPeer("b").orElseThrow();
    assertEquals(PeerState.ALIVE, bAtA.state());
    assertEquals(b.livenessAddress().getPort(), bAtA.udpPort());
    assertTrue(bAtA.incarnation() > 0, bAtA.toString());
    assertTrue(a.livenessCounters().accepted() > 0);
    assertEquals(0, a.livenessCounters().dropped());
  }

  @Test
  void ping_knownPeer_roundTripMeasured() throws Exception {
    Agent[] pair = agents.linkedPair(mesh, LoopbackAgents.config(mesh, "a"), LoopbackAgents.config(mesh, "b"));
    await().atMost(WAIT).until(() -> pair[0].findPeer("b").orElseThrow().udpPort() != 0);
    Duration roundTrip = pair[0].ping(pair[1].nodeId(), WAIT).get();
    assertTrue(!roundTrip.isNegative() && !roundTrip.isZero(), roundTrip.toString());
  }

  @Test
  void ping_unknownPeer_failsWithoutSending() {
    Agent a = agents.start(LoopbackAgents.config(mesh, "a"));
    ExecutionException failure = assertThrows(ExecutionException.class,
        () -> a.ping(TestPeers.nodeId("nobody"), WAIT).get());
    assertTrue(failure.getCause() instanceof IllegalStateException, failure.toString());
    assertThrows(IllegalArgumentException.class, () -> a.ping(TestPeers.nodeId("nobody"), Duration.ZERO));
  }

  @Test
  void close_peerSaysGoodbye_markedLeftNotDead() {
    Agent[] pair = agents.linkedPair(mesh, LoopbackAgents.config(mesh, "a"), LoopbackAgents.config(mesh, "b"));
    await().atMost(WAIT).until(() -> pair[0].findPeer("b").orElseThrow().udpPort() != 0
        && pair[1].findPeer("a").orElseThrow().udpPort() != 0);
    pair[1].close();
    await().atMost(WAIT).until(() -> pair[0].findPeer("b").orElseThrow().state() != PeerState.ALIVE);
    assertEquals(PeerState.LEFT, pair[0].findPeer("b").orElseThrow().state());
  }

  @Test
  void start_withDataDirectory_incarnationGrowsAcrossRestarts(@TempDir Path dir) throws Exception {
    AgentConfig.Builder config = LoopbackAgents.config(mesh, "a").dataDirectory(dir);
    long first;
    try (Agent a = agents.start(config)) {
      first = Long.parseLong(Files.readString(dir.resolve(Incarnations.FILE)).strip());
    }
    try (Agent a = agents.start(config)) {
      long second = Long.parseLong(Files.readString(dir.resolve(Incarnations.FILE)).strip());
      assertTrue(second > first, first + " then " + second);
    }
  }
}
