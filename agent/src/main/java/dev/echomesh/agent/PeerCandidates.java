package dev.echomesh.agent;

import dev.echomesh.agent.liveness.NodeReport;
import dev.echomesh.agent.peers.Peer;

/** Turns a peer table record and the peer's last ping report into what {@link PeerSelection} ranks. */
final class PeerCandidates {

  private PeerCandidates() {}

  static PeerSelection.Candidate of(Peer peer, NodeReport report) {
    long rtt = peer.rtt().measured() ? peer.rtt().medianMicros() : PeerSelection.UNKNOWN;
    return new PeerSelection.Candidate(peer.id(), rtt, report.callsInFlight(), report.cpuLoadPermille(),
        report.tags());
  }
}
