package dev.echomesh.agent.peers.internal;

import static dev.echomesh.agent.peers.internal.PeerFixtures.T0;
import static dev.echomesh.agent.peers.internal.PeerFixtures.id;
import static dev.echomesh.agent.peers.internal.PeerFixtures.ip;
import static dev.echomesh.agent.peers.internal.PeerFixtures.mdns;
import static dev.echomesh.agent.peers.internal.PeerFixtures.ping;
import static dev.echomesh.agent.peers.internal.PeerFixtures.plus;
import static dev.echomesh.agent.peers.internal.PeerFixtures.wall;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.peers.PeerState;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PeerMergeTest {

  private static final long T1 = plus(T0, Duration.ofSeconds(5));

  /** {@link PeerMerge#first} with the sighting's time on an unstepped wall clock. */
  private static KnownPeer first(Sighting s) {
    return PeerMerge.first(s, wall(s.atNanos()));
  }

  /** {@link PeerMerge#merge} with the sighting's time on an unstepped wall clock. */
  private static KnownPeer merge(KnownPeer known, Sighting s) {
    return PeerMerge.merge(known, s, wall(s.atNanos()));
  }

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
    KnownPeer start = first(ping(id(1), knownInc, T0, "198.18.0.1"));
    KnownPeer peer = start.withPeer(PeerMerge.withState(start.peer(), known));
    Sighting s = new Sighting(id(1), source, T1, "", inc, null, "", "", "", 0, 0);
    assertEquals(expected, merge(peer, s).peer().state());
  }

  @Test
  void merge_olderIncarnation_changesNothing() {
    KnownPeer peer = first(ping(id(1), 9, T0, "198.18.0.1"));
    assertSame(peer, merge(peer, ping(id(1), 8, T1, "198.18.0.9")));
  }

  @Test
  void merge_proofOfLife_advancesLastHeardAndLastSeenNeverBackwards() {
    KnownPeer peer = first(ping(id(1), 1, T1, "198.18.0.1"));
    KnownPeer late = merge(peer, ping(id(1), 1, T0, "198.18.0.1"));
    assertEquals(T1, late.lastHeardNanos());
    assertEquals(wall(T1), late.peer().lastSeen());
    long t2 = plus(T1, Duration.ofSeconds(1));
    KnownPeer newer = merge(peer, ping(id(1), 1, t2, "198.18.0.1"));
    assertEquals(t2, newer.lastHeardNanos());
    assertEquals(wall(t2), newer.peer().lastSeen());
  }

  @Test
  void merge_wallClockSteppedBack_newerSightingStillAdvancesLastHeardAndShowsTheWallClock() {
    KnownPeer peer = first(ping(id(1), 1, T0, "198.18.0.1"));
    long t = plus(T0, Duration.ofMillis(200));
    Instant steppedBack = wall(t).minusSeconds(30);
    KnownPeer merged = PeerMerge.merge(peer, ping(id(1), 1, t, "198.18.0.1"), steppedBack);
    assertEquals(t, merged.lastHeardNanos(), "ordered on the ticker, not the wall clock");
    assertEquals(steppedBack, merged.peer().lastSeen(), "what the wall clock said then");
  }

  @Test
  void merge_mdns_completesRecordWithoutRefreshingLastSeen() {
    KnownPeer peer = first(new Sighting(id(1), Sighting.Source.LINK, T0, "", 0,
        ip("127.0.0.1"), "", "", "", 47200, 0));
    KnownPeer merged = merge(peer, mdns(id(1), T1, "198.18.0.1"));
    assertEquals(T0, merged.lastHeardNanos());
    assertEquals(wall(T0), merged.peer().lastSeen());
    assertEquals("node", merged.peer().name());
    assertEquals("02:00:00:00:00:01", merged.peer().mac());
    assertEquals(47200, merged.peer().udpPort());
    assertEquals(List.of(ip("198.18.0.1"), ip("127.0.0.1")), merged.peer().addresses());
  }

  @Test
  void merge_addresses_mostRecentFirstDedupedAndCapped() {
    KnownPeer peer = first(ping(id(1), 1, T0, "198.18.0.1"));
    for (int i = 2; i <= 12; i++) {
      peer = merge(peer, ping(id(1), 1, T0, "198.18.0." + i));
    }
    peer = merge(peer, ping(id(1), 1, T0, "198.18.0.5"));
    List<InetAddress> addresses = peer.peer().addresses();
    assertEquals(PeerMerge.MAX_ADDRESSES, addresses.size());
    assertEquals(ip("198.18.0.5"), addresses.get(0));
    assertEquals(ip("198.18.0.12"), addresses.get(1));
    assertEquals(1, addresses.stream().filter(ip("198.18.0.5")::equals).count());
  }

  @Test
  void merge_neighbourMacDisagrees_flagsMismatch() {
    KnownPeer peer = first(ping(id(1), 1, T0, "198.18.0.1"));
    Sighting observed = new Sighting(id(1), Sighting.Source.LIVENESS, T1, "", 1, ip("198.18.0.1"),
        "", "", "02:00:00:00:00:99", 0, 0);
    assertTrue(merge(peer, observed).peer().macMismatch());
    Sighting agrees = new Sighting(id(1), Sighting.Source.LIVENESS, T1, "", 1, ip("198.18.0.1"),
        "", "", "02:00:00:00:00:01", 0, 0);
    assertFalse(merge(peer, agrees).peer().macMismatch());
  }
}
