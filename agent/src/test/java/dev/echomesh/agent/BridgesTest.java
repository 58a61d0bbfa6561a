package dev.echomesh.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.discovery.Announcement;
import dev.echomesh.agent.discovery.NeighbourTable;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.liveness.LivenessListener;
import dev.echomesh.agent.liveness.PingStats;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.peers.RttStats;
import dev.echomesh.agent.peers.internal.PeerTable;
import dev.echomesh.agent.testing.FakeClock;
import dev.echomesh.agent.testing.FakeTicker;
import dev.echomesh.agent.testing.TestPeers;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link LivenessBridge} and {@link DiscoveryBridge}: what reaches the peer table. */
class BridgesTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final NodeId B = TestPeers.nodeId("b");

  private final FakeTicker ticker = new FakeTicker();
  private final FakeClock clock = FakeClock.following(ticker, NOW);
  private final PeerTable peers = PeerTable.create(clock, ticker);
  private final NeighbourTable arp = NeighbourTable.parse(
      "IP address       HW type     Flags       HW address            Mask     Device\n"
          + "198.18.0.2       0x1         0x2         02:ec:00:00:00:99     *        eth0\n");
  private final LivenessBridge liveness = new LivenessBridge(peers, () -> arp);
  private final DiscoveryBridge discovery = new DiscoveryBridge(peers, ticker, () -> arp);

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  /** A ping of {@code incarnation} that arrived {@code ago} before now on the ticker. */
  private void heard(long incarnation, Duration ago) {
    liveness.heardFrom(new LivenessListener.HeardFrom(B, incarnation, "b",
        new InetSocketAddress(ip("198.18.0.2"), 47201), 47200, "02:ec:00:00:00:02", "eth0",
        LivenessListener.Kind.PING, ticker.read() - ago.toNanos()));
  }

  private void heard(long incarnation) {
    heard(incarnation, Duration.ZERO);
  }

  @Test
  void heardFrom_unknownMember_addedAliveWithAddressPortsInterfaceAndMacCheck() {
    heard(7);
    Peer b = peers.get(B).orElseThrow();
    assertEquals(PeerState.ALIVE, b.state());
    assertEquals(List.of(ip("198.18.0.2")), b.addresses());
    assertEquals(47200, b.linkPort());
    assertEquals(47201, b.udpPort());
    assertEquals("eth0", b.interfaceName());
    assertEquals("02:ec:00:00:00:02", b.mac());
    assertTrue(b.macMismatch(), "the neighbour table says :99");
    assertEquals(7, b.incarnation());
    assertEquals(NOW, b.lastSeen());
  }

  @Test
  void heardFrom_stampedWithTheDatagramsArrivalOnTheTicker() {
    ticker.advance(Duration.ofSeconds(1));
    heard(7, Duration.ofMillis(300));
    assertEquals(NOW.plusMillis(700), peers.get(B).orElseThrow().lastSeen());
    // The detector sees the silence since that arrival, whatever the wall clock does meanwhile.
    clock.step(Duration.ofSeconds(30));
    peers.assess(ticker.read(), (state, lastHeard, now) -> {
      assertEquals(Duration.ofMillis(300).toNanos(), now - lastHeard);
      return state;
    });
  }

  @Test
  void announced_stampedWithTheTickerNow() {
    ticker.advance(Duration.ofSeconds(2));
    discovery.announced(new Announcement(B, "b", "mesh", List.of(ip("198.18.0.2")), 47200, 47200, "", "eth0"));
    assertEquals(NOW.plusSeconds(2), peers.get(B).orElseThrow().lastSeen());
  }

  @Test
  void roundTripAndLeft_updateStatisticsThenState() {
    heard(7);
    RttStats rtt = new RttStats(400, 420, 900, 3);
    liveness.roundTrip(new LivenessListener.RoundTrip(B, 400_000, new PingStats(rtt, 25)));
    assertEquals(rtt, peers.get(B).orElseThrow().rtt());
    assertEquals(25, peers.get(B).orElseThrow().lossPercent());
    liveness.left(new LivenessListener.Left(B, 6, "shutdown", new InetSocketAddress(ip("198.18.0.2"), 1)));
    assertEquals(PeerState.ALIVE, peers.get(B).orElseThrow().state(), "a Leave of an earlier run");
    liveness.left(new LivenessListener.Left(B, 7, "shutdown", new InetSocketAddress(ip("198.18.0.2"), 1)));
    assertEquals(PeerState.LEFT, peers.get(B).orElseThrow().state());
  }

  @Test
  void announced_unknownMember_addedWithTheFirstAnnouncedAddressFirst() {
    discovery.announced(new Announcement(B, "b", "mesh", List.of(ip("198.18.0.2"), ip("fe80::2")),
        47200, 47200, "02:ec:00:00:00:02", "eth0"));
    Peer b = peers.get(B).orElseThrow();
    assertEquals(List.of(ip("198.18.0.2"), ip("fe80::2")), b.addresses());
    assertEquals(47200, b.linkPort());
    assertEquals("02:ec:00:00:00:02", b.mac());
  }

  @Test
  void announced_deadPeer_notRevived() {
    heard(7);
    peers.assess(ticker.read(), (state, lastHeard, now) -> PeerState.DEAD);
    discovery.announced(new Announcement(B, "b", "mesh", List.of(ip("198.18.0.2")), 47200, 47200, "", "eth0"));
    assertEquals(PeerState.DEAD, peers.get(B).orElseThrow().state());
  }

  @Test
  void goodbye_peerStillHeard_staysAlive() {
    heard(7);
    discovery.goodbye(B);
    assertEquals(PeerState.ALIVE, peers.get(B).orElseThrow().state());
  }

  @Test
  void goodbye_silentPeer_left() {
    heard(7);
    peers.assess(ticker.read(), (state, lastHeard, now) -> PeerState.SUSPECT);
    discovery.goodbye(B);
    assertEquals(PeerState.LEFT, peers.get(B).orElseThrow().state());
  }
}
