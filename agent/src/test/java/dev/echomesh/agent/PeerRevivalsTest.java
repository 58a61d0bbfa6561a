package dev.echomesh.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.peers.internal.PeerTable;
import dev.echomesh.agent.peers.internal.Sighting;
import dev.echomesh.agent.testing.FakeClock;
import dev.echomesh.agent.testing.FakeTicker;
import dev.echomesh.agent.testing.TestPeers;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class PeerRevivalsTest {

  private static final NodeId A = TestPeers.nodeId("a");

  private final FakeTicker ticker = new FakeTicker();
  private final PeerTable table = PeerTable.create(FakeClock.following(ticker, Instant.EPOCH), ticker);
  private final PeerRevivals revivals = new PeerRevivals(table);

  {
    table.addListener(revivals);
  }

  private void heard() {
    table.record(new Sighting(A, Sighting.Source.LIVENESS, ticker.read(), "a", 1, InetAddress.getLoopbackAddress(),
        "lo", "", "", 47200, 47200));
  }

  private void silentFor(Duration silence) {
    ticker.advance(silence);
    table.assess(ticker.read(), (current, lastHeard, now) -> now - lastHeard > 0 ? PeerState.DEAD : PeerState.ALIVE);
  }

  @Test
  void whenAlive_peerAliveNow_completesAtOnce() {
    heard();
    assertTrue(revivals.whenAlive(A).isDone());
    assertEquals(0, revivals.waiters());
  }

  @Test
  void whenAlive_deadPeerHeardAgain_completesAndForgetsTheWaiter() {
    heard();
    silentFor(Duration.ofSeconds(3));
    CompletableFuture<Void> revival = revivals.whenAlive(A);
    assertFalse(revival.isDone());
    heard();
    assertTrue(revival.isDone());
    assertEquals(0, revivals.waiters());
  }

  @Test
  void whenAlive_unknownPeerWaitCancelled_waiterForgotten() {
    CompletableFuture<Void> revival = revivals.whenAlive(A);
    assertEquals(1, revivals.waiters());
    revival.cancel(false);
    assertEquals(0, revivals.waiters());
  }
}
