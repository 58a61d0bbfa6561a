package dev.echomesh.agent.peers.internal;

import static dev.echomesh.agent.peers.internal.PeerFixtures.WALL_T0;
import static dev.echomesh.agent.peers.internal.PeerFixtures.id;
import static dev.echomesh.agent.peers.internal.PeerFixtures.ping;
import static dev.echomesh.agent.peers.internal.PeerFixtures.plus;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerListener;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.peers.RttStats;
import dev.echomesh.agent.testing.FakeClock;
import dev.echomesh.agent.testing.FakeTicker;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConcurrentPeerTableTest {

  private final FakeTicker ticker = new FakeTicker();
  private final FakeClock clock = FakeClock.following(ticker, WALL_T0);
  private final PeerTable table = PeerTable.create(clock, ticker);
  private final long t0 = ticker.read();
  private final List<Peer[]> changes = new ArrayList<>();
  private final List<Peer> removals = new ArrayList<>();

  {
    table.addListener(new PeerListener() {
      @Override
      public void peerChanged(Peer before, Peer after) {
        changes.add(new Peer[] {before, after});
      }

      @Override
      public void peerRemoved(Peer last) {
        removals.add(last);
      }
    });
  }

  /** LEFT and DEAD peers leave after 10 s of silence. */
  private static final PeerExpiry TEN_SECONDS = PeerExpiry.after(Duration.ofSeconds(10));

  /** Dead once silent for 3 s, suspect after 1 s: a stand-in for the real failure detector. */
  private static final StateAssessor DETECTOR = (current, lastHeardNanos, nowNanos) -> {
    Duration silence = Duration.ofNanos(nowNanos - lastHeardNanos);
    if (silence.compareTo(Duration.ofSeconds(3)) >= 0) {
      return PeerState.DEAD;
    }
    return silence.compareTo(Duration.ofSeconds(1)) >= 0 ? PeerState.SUSPECT : PeerState.ALIVE;
  };

  @Test
  void record_newPeer_addedAliveAndListenerToldWithNullBefore() {
    table.record(ping(id(1), 1, t0, "198.18.0.1"));
    assertEquals(PeerState.ALIVE, table.get(id(1)).orElseThrow().state());
    assertEquals(1, changes.size());
    assertNull(changes.get(0)[0]);
  }

  @Test
  void record_sameEvidenceTwice_notifiesOnce() {
    table.record(ping(id(1), 1, t0, "198.18.0.1"));
    table.record(ping(id(1), 1, t0, "198.18.0.1"));
    assertEquals(1, changes.size());
  }

  @Test
  void record_lastSeen_isTheWallClockAtTheSightingsTickerReading() {
    ticker.advance(Duration.ofSeconds(2));
    table.record(ping(id(1), 1, ticker.read() - Duration.ofMillis(500).toNanos(), "198.18.0.1"));
    assertEquals(WALL_T0.plusMillis(1500), table.get(id(1)).orElseThrow().lastSeen());
  }

  @Test
  void record_afterWallClockStep_lastSeenFollowsTheClockStateUnchanged() {
    table.record(ping(id(1), 1, t0, "198.18.0.1"));
    clock.step(Duration.ofSeconds(-30));
    ticker.advance(Duration.ofMillis(200));
    table.record(ping(id(1), 1, ticker.read(), "198.18.0.1"));
    Peer peer = table.get(id(1)).orElseThrow();
    assertEquals(WALL_T0.plusMillis(200).minusSeconds(30), peer.lastSeen());
    assertEquals(PeerState.ALIVE, peer.state());
  }

  @Test
  void assess_silence_suspectThenDeadThenAliveOnPing() {
    table.record(ping(id(1), 1, t0, "198.18.0.1"));
    table.assess(plus(t0, Duration.ofMillis(1500)), DETECTOR);
    assertEquals(PeerState.SUSPECT, table.get(id(1)).orElseThrow().state());
    table.assess(plus(t0, Duration.ofSeconds(4)), DETECTOR);
    assertEquals(PeerState.DEAD, table.get(id(1)).orElseThrow().state());
    table.record(ping(id(1), 1, plus(t0, Duration.ofSeconds(5)), "198.18.0.1"));
    assertEquals(PeerState.ALIVE, table.get(id(1)).orElseThrow().state());
  }

  @Test
  void assess_wallClockSteppedForwardAndBack_noStateChangeUntilSilentOnTheTicker() {
    table.record(ping(id(1), 1, t0, "198.18.0.1"));
    clock.step(Duration.ofSeconds(30));
    table.assess(ticker.read(), DETECTOR);
    clock.step(Duration.ofSeconds(-60));
    ticker.advance(Duration.ofMillis(900));
    table.assess(ticker.read(), DETECTOR);
    assertEquals(1, changes.size(), "only the first sighting");
    ticker.advance(Duration.ofMillis(100));
    table.assess(ticker.read(), DETECTOR);
    assertEquals(PeerState.SUSPECT, table.get(id(1)).orElseThrow().state());
  }

  @Test
  void markLeft_staysLeftUnderAssessmentAndLatePings() {
    table.record(ping(id(1), 4, t0, "198.18.0.1"));
    table.markLeft(id(1), 4);
    table.assess(plus(t0, Duration.ofSeconds(60)), DETECTOR);
    table.record(ping(id(1), 4, plus(t0, Duration.ofMillis(10)), "198.18.0.1"));
    assertEquals(PeerState.LEFT, table.get(id(1)).orElseThrow().state());
    table.record(ping(id(1), 5, plus(t0, Duration.ofSeconds(61)), "198.18.0.1"));
    Peer back = table.get(id(1)).orElseThrow();
    assertEquals(PeerState.ALIVE, back.state());
    assertEquals(5, back.incarnation());
  }

  @Test
  void markLeft_olderIncarnation_ignored() {
    table.record(ping(id(1), 5, t0, "198.18.0.1"));
    table.markLeft(id(1), 4);
    assertEquals(PeerState.ALIVE, table.get(id(1)).orElseThrow().state());
  }

  @Test
  void markLeft_unknownPeer_notAdded() {
    table.markLeft(id(9), 1);
    assertTrue(table.snapshot().isEmpty());
  }

  @Test
  void expire_deadPeerSilentForTheExpiry_removedAndListenersToldOnce() {
    table.record(ping(id(1), 1, t0, "198.18.0.1"));
    table.assess(plus(t0, Duration.ofSeconds(4)), DETECTOR);
    table.expire(plus(t0, Duration.ofSeconds(4)), TEN_SECONDS);
    assertEquals(PeerState.DEAD, table.get(id(1)).orElseThrow().state());

    table.expire(plus(t0, Duration.ofMillis(9999)), TEN_SECONDS);
    assertTrue(table.get(id(1)).isPresent(), "9.999 s of silence");
    table.expire(plus(t0, Duration.ofSeconds(10)), TEN_SECONDS);
    table.expire(plus(t0, Duration.ofSeconds(11)), TEN_SECONDS);

    assertTrue(table.get(id(1)).isEmpty());
    assertTrue(table.snapshot().isEmpty());
    assertEquals(1, removals.size());
    assertEquals(PeerState.DEAD, removals.get(0).state());
    assertEquals(id(1), removals.get(0).id());
  }

  @Test
  void expire_leftPeer_removedAfterSilenceSinceLastHeard() {
    table.record(ping(id(1), 4, t0, "198.18.0.1"));
    table.markLeft(id(1), 4);
    table.expire(plus(t0, Duration.ofMillis(9999)), TEN_SECONDS);
    assertEquals(PeerState.LEFT, table.get(id(1)).orElseThrow().state());
    table.expire(plus(t0, Duration.ofSeconds(10)), TEN_SECONDS);
    assertTrue(table.get(id(1)).isEmpty());
    assertEquals(List.of(PeerState.LEFT), removals.stream().map(Peer::state).toList());
  }

  @Test
  void expire_aliveAndSuspectPeers_kept() {
    table.record(ping(id(1), 1, t0, "198.18.0.1"));
    table.record(ping(id(2), 1, plus(t0, Duration.ofSeconds(59)), "198.18.0.2"));
    table.assess(plus(t0, Duration.ofSeconds(60)), DETECTOR); // 1: DEAD; 2: SUSPECT
    table.record(ping(id(3), 1, plus(t0, Duration.ofSeconds(60)), "198.18.0.3"));
    table.expire(plus(t0, Duration.ofSeconds(60)), TEN_SECONDS);
    assertEquals(List.of(id(2), id(3)), table.snapshot().stream().map(Peer::id).toList());
  }

  @Test
  void expire_never_keepsDeadAndLeftPeers() {
    table.record(ping(id(1), 1, t0, "198.18.0.1"));
    table.record(ping(id(2), 1, t0, "198.18.0.2"));
    table.markLeft(id(2), 1);
    table.assess(plus(t0, Duration.ofDays(30)), DETECTOR);
    table.expire(plus(t0, Duration.ofDays(30)), PeerExpiry.never());
    assertEquals(2, table.snapshot().size());
    assertTrue(removals.isEmpty());
  }

  @Test
  void expire_removedPeerHeardAgain_comesBackAsNewAliveRecord() {
    table.record(ping(id(1), 4, t0, "198.18.0.1"));
    table.markLeft(id(1), 4);
    table.expire(plus(t0, Duration.ofSeconds(10)), TEN_SECONDS);
    changes.clear();

    // A straggler of the same incarnation: the LEFT record that would have ignored it is gone.
    table.record(ping(id(1), 4, plus(t0, Duration.ofSeconds(11)), "198.18.0.1"));

    Peer back = table.get(id(1)).orElseThrow();
    assertEquals(PeerState.ALIVE, back.state());
    assertEquals(1, changes.size());
    assertNull(changes.get(0)[0], "told as a new peer");
    assertEquals(WALL_T0.plusSeconds(11), back.lastSeen());
  }

  @Test
  void remove_knownPeer_removedWhateverItsStateAndReturned() {
    table.record(ping(id(1), 1, t0, "198.18.0.1"));
    Peer removed = table.remove(id(1)).orElseThrow();
    assertEquals(PeerState.ALIVE, removed.state());
    assertTrue(table.get(id(1)).isEmpty());
    assertEquals(List.of(removed), removals);
  }

  @Test
  void remove_unknownPeer_emptyAndNobodyTold() {
    table.record(ping(id(1), 1, t0, "198.18.0.1"));
    assertTrue(table.remove(id(2)).isEmpty());
    assertTrue(removals.isEmpty());
    assertEquals(1, table.snapshot().size());
  }

  @Test
  void remove_thenAssessAndExpire_peerStaysGone() {
    table.record(ping(id(1), 1, t0, "198.18.0.1"));
    table.remove(id(1));
    table.assess(plus(t0, Duration.ofSeconds(60)), DETECTOR);
    table.expire(plus(t0, Duration.ofSeconds(60)), TEN_SECONDS);
    table.recordRoundTrips(id(1), new RttStats(120, 100, 300, 10), 0);
    table.markLeft(id(1), 0);
    assertTrue(table.snapshot().isEmpty());
    assertEquals(1, removals.size());
  }

  @Test
  void remove_listenerThrowing_doesNotStopOthersOrTheRemoval() {
    PeerTable t = PeerTable.create(clock, ticker);
    List<Peer> told = new ArrayList<>();
    t.addListener(new PeerListener() {
      @Override
      public void peerChanged(Peer before, Peer after) {}

      @Override
      public void peerRemoved(Peer last) {
        throw new IllegalStateException("boom");
      }
    });
    t.addListener(new PeerListener() {
      @Override
      public void peerChanged(Peer before, Peer after) {}

      @Override
      public void peerRemoved(Peer last) {
        told.add(last);
      }
    });
    t.record(ping(id(1), 1, t0, "198.18.0.1"));
    t.remove(id(1));
    assertEquals(1, told.size());
    assertTrue(t.get(id(1)).isEmpty());
  }

  @Test
  void recordRoundTrips_updatesRttAndLoss() {
    table.record(ping(id(1), 1, t0, "198.18.0.1"));
    table.recordRoundTrips(id(1), new RttStats(120, 100, 300, 10), 12.5);
    Peer peer = table.get(id(1)).orElseThrow();
    assertEquals(120, peer.rtt().lastMicros());
    assertEquals(12.5, peer.lossPercent());
  }

  @Test
  void snapshot_sortedByNodeId() {
    table.record(ping(id(0xF0), 1, t0, "198.18.0.2"));
    table.record(ping(id(0x10), 1, t0, "198.18.0.1"));
    assertEquals(List.of(id(0x10), id(0xF0)), table.snapshot().stream().map(Peer::id).toList());
  }

  @Test
  void listenerThrowing_doesNotStopOthersOrTheChange() {
    List<Instant> seen = new ArrayList<>();
    PeerTable t = PeerTable.create(clock, ticker);
    t.addListener((b, a) -> {
      throw new IllegalStateException("boom");
    });
    t.addListener((b, a) -> seen.add(a.lastSeen()));
    t.record(ping(id(1), 1, t0, "198.18.0.1"));
    assertEquals(List.of(WALL_T0), seen);
    assertTrue(t.get(id(1)).isPresent());
  }
}
