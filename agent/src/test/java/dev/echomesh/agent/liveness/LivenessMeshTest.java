package dev.echomesh.agent.liveness;

import static dev.echomesh.agent.liveness.TestNodes.mesh;
import static dev.echomesh.agent.liveness.TestNodes.node;
import static dev.echomesh.agent.peers.PeerState.ALIVE;
import static dev.echomesh.agent.peers.PeerState.DEAD;
import static dev.echomesh.agent.peers.PeerState.LEFT;
import static dev.echomesh.agent.peers.PeerState.SUSPECT;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.identity.MeshSecrets;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.time.Ticker;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Several services on an in-memory LAN with a real broadcast address: discovery by broadcast alone,
 * failure detection on a cut link, recovery, clean leave and restart, two meshes apart.
 */
class LivenessMeshTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int PORT = 47200;
  private static final LocalInterface LAN =
      new LocalInterface("eth0", "", address("198.18.0.0"), 16);

  /** Fast but proportioned like the defaults, so the tests take a moment, not seconds. */
  private static final LivenessConfig FAST =
      LivenessConfig.builder()
          .pingInterval(Duration.ofMillis(50))
          .pingJitter(Duration.ofMillis(5))
          .suspectAfter(Duration.ofMillis(150))
          .deadAfter(Duration.ofMillis(300))
          .build();

  private final InMemoryNetwork network = new InMemoryNetwork(LAN);
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (AutoCloseable closeable : toClose) {
      closeable.close();
    }
  }

  /** Host {@code n}: address 198.18.0.n, MAC 02:00:00:00:00:0n, one broadcast target. */
  private record Host(
      LocalNode node, LivenessService service, TestPeerTable table, InetAddress address) {}

  private Host host(int n, long incarnation, MeshSecrets mesh) {
    InetAddress address = address("198.18.0." + n);
    LocalInterface eth0 = new LocalInterface("eth0", "02:00:00:00:00:0" + n, address, 16);
    PingTarget broadcast = PingTarget.subnetBroadcast(eth0, PORT);
    TestPeerTable table = new TestPeerTable(FailureDetector.of(FAST));
    LocalNode node = node(n, incarnation);
    LivenessService service =
        RealLivenessService.start(
            FAST,
            node,
            mesh,
            () -> List.of(broadcast),
            table,
            network.bind(new InetSocketAddress(address, PORT)),
            Clock.systemUTC(),
            Ticker.system());
    toClose.add(service);
    return new Host(node, service, table, address);
  }

  private Host host(int n) {
    return host(n, 1_000 + n, mesh(7));
  }

  private static boolean all(List<Host> observers, Host observed, Set<PeerState> states) {
    return observers.stream()
        .filter(o -> o != observed)
        .allMatch(o -> states.contains(o.table().state(observed.node().id())));
  }

  @Test
  void broadcastOnly_everyHostSeesEveryOtherAliveWithMacAndInterface() {
    List<Host> hosts = List.of(host(1), host(2), host(3), host(4));

    await()
        .atMost(WAIT)
        .until(() -> hosts.stream().allMatch(h -> all(hosts, h, EnumSet.of(ALIVE))));

    assertEquals("02:00:00:00:00:03", hosts.get(0).table().mac(hosts.get(2).node().id()));
    assertEquals("eth0", hosts.get(0).table().localInterface(hosts.get(2).node().id()));
    await()
        .atMost(WAIT)
        .until(() -> hosts.get(0).service().stats(hosts.get(1).node().id()).rtt().measured());
    assertTrue(
        hosts.get(0).service().counters().ownEcho() > 0, "a broadcast comes back to its sender");
  }

  @Test
  void cutLink_othersSeeSuspectThenDead_restored_aliveAgainWithoutRestart() {
    List<Host> hosts = List.of(host(1), host(2), host(3));
    Host cut = hosts.get(2);
    List<Host> others = hosts.subList(0, 2);
    await().atMost(WAIT).until(() -> all(others, cut, EnumSet.of(ALIVE)));

    network.cut(cut.address());

    await().atMost(WAIT).until(() -> all(others, cut, EnumSet.of(SUSPECT, DEAD)));
    await().atMost(WAIT).until(() -> all(others, cut, EnumSet.of(DEAD)));
    // The cut host sees the others DEAD too.
    await().atMost(WAIT).until(() -> all(List.of(cut), others.get(0), EnumSet.of(DEAD)));

    network.restore(cut.address());

    await()
        .atMost(WAIT)
        .until(
            () ->
                all(others, cut, EnumSet.of(ALIVE))
                    && all(List.of(cut), others.get(0), EnumSet.of(ALIVE)));
    assertEquals(cut.node().incarnation(), others.get(0).table().incarnation(cut.node().id()));
  }

  @Test
  void cleanStop_othersSeeLeft_restartWithNewIncarnation_aliveAgain() throws Exception {
    Host a = host(1);
    Host b = host(2);
    await().atMost(WAIT).until(() -> a.table().state(b.node().id()) == ALIVE);

    b.service().close();

    await().atMost(WAIT).until(() -> a.table().state(b.node().id()) == LEFT);

    Host restarted = host(2, b.node().incarnation() + 1, mesh(7));

    await().atMost(WAIT).until(() -> a.table().state(b.node().id()) == ALIVE);
    assertEquals(restarted.node().incarnation(), a.table().incarnation(b.node().id()));
  }

  @Test
  void twoMeshesOnOneLan_neitherListsTheOther() {
    Host ours = host(1, 1_001, mesh(7));
    Host ours2 = host(2, 1_002, mesh(7));
    Host theirs = host(3, 1_003, mesh(9));

    await()
        .atMost(WAIT)
        .until(
            () ->
                ours.table().state(ours2.node().id()) == ALIVE
                    && theirs.service().counters().badMac() > 10
                    && ours.service().counters().badMac() > 10);

    assertNull(ours.table().state(theirs.node().id()));
    assertNull(theirs.table().state(ours.node().id()));
  }

  private static InetAddress address(String text) {
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }
}
