package dev.echomesh.agent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.peers.RttStats;
import dev.echomesh.agent.testing.TestPeers;
import org.junit.jupiter.api.Test;

class PeerEventThrottleTest {

  private static final long SECOND = 1_000_000_000L;

  private final PeerEventThrottle throttle = new PeerEventThrottle();
  private final Peer alice = TestPeers.peer("alice").address("198.18.0.2").build();

  @Test
  void shouldSend_newPeer_sent() {
    assertTrue(throttle.shouldSend(null, alice, 0));
  }

  @Test
  void shouldSend_rttOnlyWithinASecond_heldBack() {
    throttle.shouldSend(null, alice, 0);
    assertFalse(throttle.shouldSend(alice, withRtt(alice, 500), SECOND / 2));
  }

  @Test
  void forget_peerRemoved_nothingKeptAndNextChangeSent() {
    throttle.shouldSend(null, alice, 0);
    throttle.forget(alice.id());
    assertEquals(0, throttle.size());
    assertTrue(throttle.shouldSend(alice, withRtt(alice, 500), SECOND / 2));
  }

  @Test
  void shouldSend_rttOnlyAfterASecond_sent() {
    throttle.shouldSend(null, alice, 0);
    assertTrue(throttle.shouldSend(alice, withRtt(alice, 500), SECOND));
  }

  @Test
  void shouldSend_stateChangeWithinASecond_sent() {
    throttle.shouldSend(null, alice, 0);
    Peer suspect = new Peer(alice.id(), alice.name(), PeerState.SUSPECT, alice.incarnation(),
        alice.addresses(), alice.interfaceName(), alice.mac(), alice.macMismatch(),
        alice.linkPort(), alice.udpPort(), alice.rtt(), alice.lossPercent(), alice.lastSeen());
    assertTrue(throttle.shouldSend(alice, suspect, 1));
  }

  private static Peer withRtt(Peer peer, long micros) {
    return new Peer(peer.id(), peer.name(), peer.state(), peer.incarnation(), peer.addresses(),
        peer.interfaceName(), peer.mac(), peer.macMismatch(), peer.linkPort(), peer.udpPort(),
        new RttStats(micros, micros, micros, 1), peer.lossPercent(), peer.lastSeen());
  }
}
