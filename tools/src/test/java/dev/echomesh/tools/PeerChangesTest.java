package dev.echomesh.tools;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.testing.TestPeers;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class PeerChangesTest {

  private static TestPeers.Builder bob() {
    return TestPeers.peer("bob").address("198.18.0.3").state(PeerState.ALIVE).lastSeen(Instant.EPOCH);
  }

  @Test
  void differs_newPeer_isAChange() {
    assertTrue(PeerChanges.differs(null, bob().build()));
  }

  @Test
  void differs_onlyLossAndLastSeenMoved_isNoChange() {
    Peer before = bob().build();
    Peer after = bob().lossPercent(20).lastSeen(Instant.EPOCH.plusSeconds(3)).build();
    assertFalse(PeerChanges.differs(before, after));
  }

  @Test
  void differs_stateChanged_isAChange() {
    assertTrue(PeerChanges.differs(bob().build(), bob().state(PeerState.SUSPECT).build()));
  }

  @Test
  void differs_addressChanged_isAChange() {
    assertTrue(PeerChanges.differs(bob().build(), bob().address("198.18.0.9").build()));
  }

  @Test
  void differs_restarted_isAChange() {
    assertTrue(PeerChanges.differs(bob().build(), bob().incarnation(7).build()));
  }
}
