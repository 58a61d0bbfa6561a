package dev.echomesh.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.liveness.LocalInterface;
import dev.echomesh.agent.liveness.PingTarget;
import dev.echomesh.agent.peers.internal.PeerTable;
import dev.echomesh.agent.peers.internal.Sighting;
import dev.echomesh.agent.testing.TestPeers;
import dev.echomesh.agent.time.Ticker;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

class PingTargetsTest {

  private final PeerTable peers = PeerTable.create(Clock.systemUTC(), Ticker.system());
  private final LocalInterface eth0 = new LocalInterface("eth0", "02:ec:00:00:00:01", ip("198.18.0.1"), 24);

  private static InetAddress ip(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (java.net.UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private void sighting(String name, String address, int udpPort) {
    NodeId id = TestPeers.nodeId(name);
    peers.record(new Sighting(id, Sighting.Source.LINK, 0, name, 1, ip(address), "", "", "", 7000, udpPort));
  }

  private static List<String> addresses(List<PingTarget> targets) {
    return targets.stream().map(t -> t.address().getAddress().getHostAddress() + ":" + t.address().getPort()).toList();
  }

  @Test
  void pingTargets_subnetPeersOnTheMeshPort_onlyTheBroadcast() {
    sighting("b", "198.18.0.2", 47200);
    List<PingTarget> targets = new PingTargets(() -> List.of(eth0), peers, 47200).pingTargets();
    assertEquals(List.of("198.18.0.255:47200"), addresses(targets));
    assertEquals(eth0, targets.get(0).via().orElseThrow());
  }

  @Test
  void pingTargets_peersBroadcastDoesNotReach_unicastToTheirUdpPort() {
    sighting("other-subnet", "10.1.2.3", 47200);
    sighting("other-port", "198.18.0.3", 5000);
    sighting("no-udp", "10.1.2.4", 0);
    List<String> targets = addresses(new PingTargets(() -> List.of(eth0), peers, 47200).pingTargets());
    assertEquals(3, targets.size(), targets.toString());
    assertEquals("198.18.0.255:47200", targets.get(0));
    assertEquals(true, targets.containsAll(List.of("10.1.2.3:47200", "198.18.0.3:5000")), targets.toString());
  }

  @Test
  void pingTargets_broadcastOffOrPortZero_everyPeerByUnicast() {
    sighting("b", "127.0.0.1", 40001);
    assertEquals(List.of("127.0.0.1:40001"), addresses(new PingTargets(List::of, peers, 0).pingTargets()));
    assertEquals(List.of("127.0.0.1:40001"), addresses(new PingTargets(() -> List.of(eth0), peers, 0).pingTargets()));
  }

  @Test
  void pingTargets_leftPeer_notPinged() {
    sighting("b", "127.0.0.1", 40001);
    peers.markLeft(TestPeers.nodeId("b"), 0);
    assertEquals(List.of(), new PingTargets(List::of, peers, 0).pingTargets());
  }

  @Test
  void pingTargets_pointToPointSubnet_noBroadcast() {
    LocalInterface p2p = new LocalInterface("wg0", "", ip("10.9.0.1"), 32);
    assertEquals(List.of(), new PingTargets(() -> List.of(p2p), peers, 47200).pingTargets());
  }

  @Test
  void unicastTarget_keepsPort() {
    assertEquals(new InetSocketAddress(ip("10.0.0.1"), 1), PingTarget.unicast(new InetSocketAddress(ip("10.0.0.1"), 1)).address());
  }
}
