package dev.echomesh.agent.peers.internal;

import dev.echomesh.agent.peers.Peer;

/**
 * What the table holds per peer: the {@link Peer} it shows, and when the peer was last heard on
 * the agent's ticker, which the failure detector measures silence from and nobody else sees.
 *
 * @param peer the record shown to listeners and callers
 * @param lastHeardNanos the ticker reading of the latest sighting that proved the peer alive (or
 *     of its first sighting)
 */
record KnownPeer(Peer peer, long lastHeardNanos) {

  KnownPeer withPeer(Peer changed) {
    return changed == peer ? this : new KnownPeer(changed, lastHeardNanos);
  }
}
