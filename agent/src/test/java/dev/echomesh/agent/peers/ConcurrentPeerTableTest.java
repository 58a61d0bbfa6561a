package dev.echomesh.agent.peers;

import static dev.echomesh.agent.peers.PeerFixtures.T0;
import static dev.echomesh.agent.peers.PeerFixtures.id;
import static dev.echomesh.agent.peers.PeerFixtures.ping;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConcurrentPeerTableTest {

  private final PeerTable table = PeerTable.create();
  private final List<Peer[]> changes = new ArrayList<>();

  {
    table.addListener((before, after) -> changes.add(new Peer[] {before, after}));
  }

  /** Dead once silent for 3 s, suspect after 1 s: a stand-in for the real failure detector. */
  private static final StateAssessor DETECTOR = (current, lastSeen, now) -> {
    Duration silence = Duration.between(lastSeen, now);
    if (silence.compareTo(Duration.ofSeconds(3)) >= 0) {
      return PeerState.DEAD;
    }
    return silence.compareTo(Duration.ofSeconds(1)) >= 0 ? PeerState.SUSPECT : PeerState.ALIVE;
  };

  @Test
  void record_newPeer_addedAliveAndListenerToldWithNullBefore() {
    table.record(ping(id(1), 1, T0, "198.18.0.1"));
    assertEquals(PeerState.ALIVE, table.get(id(1)).orElseThrow().state());
    assertEquals(1, changes.size());
    assertNull(changes.get(0)[0]);
  }

  @Test
  void record_sameEvidenceTwice_notifiesOnce() {
    table.record(ping(id(1), 1, T0, "198.18.0.1"));
    table.record(ping(id(1), 1, T0, "198.18.0.1"));
    assertEquals(1, changes.size());
  }

  @Test
  void assess_silence_suspectThenDeadThenAliveOnPing() {
    table.record(ping(id(1), 1, T0, "198.18.0.1"));
    table.assess(T0.plusMillis(1500), DETECTOR);
    assertEquals(PeerState.SUSPECT, table.get(id(1)).orElseThrow().state());
    table.assess(T0.plusSeconds(4), DETECTOR);
    assertEquals(PeerState.DEAD, table.get(id(1)).orElseThrow().state());
    table.record(ping(id(1), 1, T0.plusSeconds(5), "198.18.0.1"));
    assertEquals(PeerState.ALIVE, table.get(id(1)).orElseThrow().state());
  }

  @Test
  void markLeft_staysLeftUnderAssessmentAndLatePings() {
    table.record(ping(id(1), 4, T0, "198.18.0.1"));
    table.markLeft(id(1), 4);
    table.assess(T0.plusSeconds(60), DETECTOR);
    table.record(ping(id(1), 4, T0.plusMillis(10), "198.18.0.1"));
    assertEquals(PeerState.LEFT, table.get(id(1)).orElseThrow().state());
    table.record(ping(id(1), 5, T0.plusSeconds(61), "198.18.0.1"));
    Peer back = table.get(id(1)).orElseThrow();
    assertEquals(PeerState.ALIVE, back.state());
    assertEquals(5, back.incarnation());
  }

  @Test
  void markLeft_olderIncarnation_ignored() {
    table.record(ping(id(1), 5, T0, "198.18.0.1"));
    table.markLeft(id(1), 4);
    assertEquals(PeerState.ALIVE, table.get(id(1)).orElseThrow().state());
  }

  @Test
  void markLeft_unknownPeer_notAdded() {
    table.markLeft(id(9), 1);
    assertTrue(table.snapshot().isEmpty());
  }

  @Test
  void recordRoundTrips_updatesRttAndLoss() {
    table.record(ping(id(1), 1, T0, "198.18.0.1"));
    table.recordRoundTrips(id(1), new RttStats(120, 100, 300, 10), 12.5);
    Peer peer = table.get(id(1)).orElseThrow();
    assertEquals(120, peer.rtt().lastMicros());
    assertEquals(12.5, peer.lossPercent());
  }

  @Test
  void snapshot_sortedByNodeId() {
    table.record(ping(id(0xF0), 1, T0, "198.18.0.2"));
    table.record(ping(id(0x10), 1, T0, "198.18.0.1"));
    assertEquals(List.of(id(0x10), id(0xF0)), table.snapshot().stream().map(Peer::id).toList());
  }

  @Test
  void listenerThrowing_doesNotStopOthersOrTheChange() {
    List<Instant> seen = new ArrayList<>();
    PeerTable t = PeerTable.create();
    t.addListener((b, a) -> {
      throw new IllegalStateException("boom");
    });
    t.addListener((b, a) -> seen.add(a.lastSeen()));
    t.record(ping(id(1), 1, T0, "198.18.0.1"));
    assertEquals(List.of(T0), seen);
    assertTrue(t.get(id(1)).isPresent());
  }
}
