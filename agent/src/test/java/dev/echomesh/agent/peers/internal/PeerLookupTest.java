package dev.echomesh.agent.peers.internal;

import static dev.echomesh.agent.peers.internal.PeerFixtures.WALL_T0;
import static dev.echomesh.agent.peers.internal.PeerFixtures.id;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.peers.RttStats;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class PeerLookupTest {

  private static Peer peer(NodeId id, String name) {
    return new Peer(id, name, PeerState.ALIVE, 1, List.of(), "", "", false, 0, 0, RttStats.NONE,
        0, WALL_T0);
  }

  private final Peer alpha = peer(id(0x00), "alpha");
  private final Peer beta = peer(id(0xFF), "beta");
  private final Peer betaTwin = peer(id(0x01), "beta");

  @Test
  void find_byFullIdOrPrefixOrName() {
    List<Peer> peers = List.of(alpha, beta);
    assertEquals(Optional.of(alpha), PeerLookup.find(peers, alpha.id().toString()));
    assertEquals(Optional.of(beta), PeerLookup.find(peers, beta.id().toString().substring(0, 4).toLowerCase()));
    assertEquals(Optional.of(alpha), PeerLookup.find(peers, "alpha"));
    assertEquals(Optional.empty(), PeerLookup.find(peers, "gamma"));
  }

  @Test
  void find_prefixTooShort_matchesNothing() {
    assertEquals(Optional.empty(), PeerLookup.find(List.of(alpha), alpha.id().toString().substring(0, 2)));
  }

  @Test
  void find_ambiguousName_throwsNamingCandidates() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> PeerLookup.find(List.of(beta, betaTwin), "beta"));
    assertTrue(e.getMessage().contains(beta.id().shortForm()), e.getMessage());
    assertTrue(e.getMessage().contains(betaTwin.id().shortForm()), e.getMessage());
  }

  @Test
  void find_ambiguousPrefix_throws() {
    byte[] bytes = new byte[NodeId.LENGTH_BYTES];
    bytes[NodeId.LENGTH_BYTES - 1] = 1;
    Peer alphaLookalike = peer(NodeId.fromBytes(bytes), "other"); // also starts with "AAAA"
    assertThrows(IllegalArgumentException.class,
        () -> PeerLookup.find(List.of(alpha, alphaLookalike), "aaaa"));
  }

  @Test
  void find_empty_throws() {
    assertThrows(IllegalArgumentException.class, () -> PeerLookup.find(List.of(alpha), "  "));
  }
}
