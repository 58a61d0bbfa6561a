package dev.echomesh.agent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.testing.TestPeers;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class PeerChangesTest {

  private final PeerChanges changes = new PeerChanges();

  @Test
  void take_manyChangesOfOnePeer_onlyLatestState() throws InterruptedException {
    Peer alive = TestPeers.peer("a").build();
    Peer suspect = TestPeers.peer("a").state(PeerState.SUSPECT).build();
    Peer dead = TestPeers.peer("a").state(PeerState.DEAD).build();
    changes.offer(alive);
    changes.offer(suspect);
    changes.offer(dead);
    assertEquals(List.of(dead), changes.take(Duration.ZERO));
  }

  @Test
  void take_severalPeers_orderOfLatestChange() throws InterruptedException {
    Peer a = TestPeers.peer("a").build();
    Peer b = TestPeers.peer("b").build();
    Peer a2 = TestPeers.peer("a").state(PeerState.LEFT).build();
    changes.offer(a);
    changes.offer(b);
    changes.offer(a2);
    assertEquals(List.of(b, a2), changes.take(Duration.ZERO));
    assertTrue(changes.take(Duration.ZERO).isEmpty(), "taken changes are gone");
  }

  @Test
  void take_nothingPending_emptyAfterMaxWait() throws InterruptedException {
    assertTrue(changes.take(Duration.ofMillis(1)).isEmpty());
  }

  @Test
  void close_dropsPendingAndLaterOffers() throws InterruptedException {
    changes.offer(TestPeers.peer("a").build());
    changes.close();
    changes.offer(TestPeers.peer("b").build());
    assertTrue(changes.isClosed());
    assertTrue(changes.take(Duration.ofSeconds(30)).isEmpty(), "a closed queue never waits");
  }
}
