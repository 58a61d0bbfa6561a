package dev.echomesh.agent.peers;

import static dev.echomesh.agent.peers.PeerFixtures.T0;
import static dev.echomesh.agent.peers.PeerFixtures.id;
import static dev.echomesh.agent.peers.PeerFixtures.ip;
import static dev.echomesh.agent.peers.PeerFixtures.mdns;
import static dev.echomesh.agent.peers.PeerFixtures.ping;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PeerMergeTest {

  private static final Instant T1 = T0.plusSeconds(5);

  static Stream<Arguments> stateTransitions() {
    return Stream.of(
        // known state, known incarnation, sighting source, sighting incarnation, expected state
        Arguments.of(PeerState.DEAD, 7L, Sighting.Source.LIVENESS, 7L, PeerState.ALIVE),
        Arguments.of(PeerState.SUSPECT, 7L, Sighting.Source.LINK, 0L, PeerState.ALIVE),
        Arguments.of(PeerState.LEFT, 7L, Sighting.Source.LIVENESS, 7L, PeerState.LEFT),
        Arguments.of(PeerState.LEFT, 7L, Sighting.Source.LIVENESS, 8L, PeerState.ALIVE),
        Arguments.of(PeerState.LEFT, 7L, Sighting.Source.LINK, 0L, PeerState.LEFT),
        Arguments.of(PeerState.DEAD, 7L, Sighting.Source.MDNS, 0L, PeerState.DEAD),
        Arguments.of(PeerState.LEFT, 7L, Sighting.Source.MDNS, 0L, PeerState.LEFT),
        Arguments.of(PeerState.DEAD, 7L, Sighting.Source.LIVENESS, 6L, PeerState.DEAD));
  }

  @ParameterizedTest
  @MethodSource("stateTransitions")
  void merge_stateTransitions(PeerState known, long knownInc, Sighting.Source source, long inc,
      PeerState expected) {
    Peer peer = PeerMerge.withState(PeerMerge.first(ping(id(1), knownInc, T0, "198.18.0.1")), known);
    Sighting s = new Sighting(id(1), source, T1, "", inc, null, "", "", "", 0, 0);
    assertEquals(expected, PeerMerge.merge(peer, s).state());
  }

  @Test
  void merge_olderIncarnation_changesNothing() {
    Peer peer = PeerMerge.first(ping(id(1), 9, T0, "198.18.0.1"));
    assertSame(peer, PeerMerge.merge(peer, ping(id(1), 8, T1, "198.18.0.9")));
  }

  @Test
  void merge_proofOfLife_advancesLastSeenNeverBackwards() {
    Peer peer = PeerMerge.first(ping(id(1), 1, T1, "198.18.0.1"));
    assertEquals(T1, PeerMerge.merge(peer, ping(id(1), 1, T0, "198.18.0.1")).lastSeen());
    assertEquals(T1.plusSeconds(1),
        PeerMerge.merge(peer, ping(id(1), 1, T1.plusSeconds(1), "198.18.0.1")).lastSeen());
  }

  @Test
  void merge_mdns_completesRecordWithoutRefreshingLastSeen() {
    Peer peer = PeerMerge.first(new Sighting(id(1), Sighting.Source.LINK, T0, "", 0,
        ip("127.0.0.1"), "", "", "", 47200, 0));
    Peer merged = PeerMerge.merge(peer, mdns(id(1), T1, "198.18.0.1"));
    assertEquals(T0, merged.lastSeen());
    assertEquals("node", merged.name());
    assertEquals("02:00:00:00:00:01", merged.mac());
    assertEquals(47200, merged.udpPort());
    assertEquals(List.of(ip("198.18.0.1"), ip("127.0.0.1")), merged.addresses());
  }

  @Test
  void merge_addresses_mostRecentFirstDedupedAndCapped() {
    Peer peer = PeerMerge.first(ping(id(1), 1, T0, "198.18.0.1"));
    for (int i = 2; i <= 12; i++) {
      peer = PeerMerge.merge(peer, ping(id(1), 1, T0, "198.18.0." + i));
    }
    peer = PeerMerge.merge(peer, ping(id(1), 1, T0, "198.18.0.5"));
    assertEquals(PeerMerge.MAX_ADDRESSES, peer.addresses().size());
    assertEquals(ip("198.18.0.5"), peer.addresses().get(0));
    assertEquals(ip("198.18.0.12"), peer.addresses().get(1));
    assertEquals(1, peer.addresses().stream().filter(ip("198.18.0.5")::equals).count());
  }

  @Test
  void merge_neighbourMacDisagrees_flagsMismatch() {
    Peer peer = PeerMerge.first(ping(id(1), 1, T0, "198.18.0.1"));
    Sighting observed = new Sighting(id(1), Sighting.Source.LIVENESS, T1, "", 1, ip("198.18.0.1"),
        "", "", "02:00:00:00:00:99", 0, 0);
    assertTrue(PeerMerge.merge(peer, observed).macMismatch());
    Sighting agrees = new Sighting(id(1), Sighting.Source.LIVENESS, T1, "", 1, ip("198.18.0.1"),
        "", "", "02:00:00:00:00:01", 0, 0);
    assertFalse(PeerMerge.merge(peer, agrees).macMismatch());
  }
}
