package dev.echomesh.it.mesh;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.it.lan.RequiresVirtualLan;
import dev.echomesh.it.lan.VirtualLan;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * One mesh of {@code echomesh agent} processes on a virtual LAN, found with no address given.
 * Hosts h1..h5 run agents for the whole class; h6 is a spare for joining and for hostile
 * traffic. Every test starts from, and leaves, all five agents running and ALIVE at each other.
 */
@RequiresVirtualLan
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MeshIT {

  /** Generous bound of every asynchronous outcome: two shared cores, six JVMs. */
  static final Duration PATIENCE = Duration.ofSeconds(60);
  static final Duration POLL = Duration.ofMillis(250);
  static final int AGENTS = 5;

  private VirtualLan lan;
  private String joinCode;
  private Path plugin;
  private final List<LanAgent> agents = new ArrayList<>();

  @BeforeAll
  void startMesh() throws IOException {
    lan = VirtualLan.create(AGENTS + 1);
    try {
      plugin = PluginJar.write(lan.directory().resolve("sleep-plugin.jar"), SleepTask.class);
      joinCode = LanAgent.newMesh(lan.directory().resolve("h1"));
      for (int i = 1; i <= AGENTS; i++) {
        agents.add(agent(i).start());
      }
    } catch (RuntimeException | Error | IOException e) {
      closeLan(e);
      throw e;
    }
  }

  @AfterAll
  void closeMesh() {
    closeLan(null);
  }

  @BeforeEach
  void allAlive() {
    awaitAllAlive(agents);
  }

  @Test
  void fiveHosts_everyAgentListsTheOtherFourAliveWithTheirIpAndMac() throws IOException {
    for (LanAgent observer : agents) {
      List<Peer> peers = observer.peers();
      assertEquals(AGENTS - 1, peers.size(), observer + " lists " + peers);
      for (LanAgent other : agents) {
        if (other == observer) {
          continue;
        }
        Peer peer = observer.peer(other).orElseThrow(() -> new AssertionError(observer + " lacks " + other));
        String where = observer + " about " + other + ": " + peer;
        assertEquals(PeerState.ALIVE, peer.state(), where);
        assertEquals(other.host().ip(), peer.addresses().get(0), where);
        assertEquals(other.host().mac(), peer.mac(), where);
        assertEquals(other.name(), peer.name(), where);
        assertEquals("eth0", peer.interfaceName(), where);
        assertEquals(47200, peer.linkPort(), where);
        assertEquals(47200, peer.udpPort(), where);
        assertFalse(peer.macMismatch(), where);
      }
    }
  }

  /** An agent for host {@code index}, a member of the class's mesh (not started). */
  private LanAgent agent(int index, String... extraArgs) {
    Path dataDir = lan.directory().resolve("h" + index);
    if (index != 1 && !Files.exists(dataDir.resolve("mesh.key"))) {
      LanAgent.join(dataDir, joinCode);
    }
    return LanAgent.on(lan.host(index), dataDir, List.of(plugin), extraArgs);
  }

  private void awaitAllAlive(List<LanAgent> members) {
    for (LanAgent observer : members) {
      for (LanAgent other : members) {
        if (other != observer) {
          awaitState(observer, other, PeerState.ALIVE);
        }
      }
    }
  }

  static void awaitState(LanAgent observer, LanAgent other, PeerState state) {
    await(observer + " sees " + other + " " + state)
        .atMost(PATIENCE)
        .pollInterval(POLL)
        .until(() -> observer.peer(other).map(Peer::state), s -> s.equals(Optional.of(state)));
  }

  private void closeLan(Throwable failure) {
    if (lan == null) {
      return;
    }
    try {
      if (failure != null) {
        System.err.println(lan.describe());
      }
      lan.close();
    } finally {
      lan = null;
    }
  }
}
