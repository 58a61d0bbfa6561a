package dev.echomesh.agent;

import dev.echomesh.agent.peers.Peer;
import java.util.Map;

/** Turns a peer table record into what {@link PeerSelection} ranks. */
final class PeerCandidates {

  private PeerCandidates() {}

  static PeerSelection.Candidate of(Peer peer) {
    long rtt = peer.rtt().measured() ? peer.rtt().meanMicros() : PeerSelection.UNKNOWN;
    return new PeerSelection.Candidate(peer.id(), rtt, PeerSelection.UNKNOWN, PeerSelection.UNKNOWN, Map.of());
  }
}
