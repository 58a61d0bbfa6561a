/**
 * The peer table; not API: one record per node, merged from the sightings of discovery and
 * liveness ({@link dev.echomesh.agent.peers.internal.Sighting}), its state assessed on the
 * agent's ticker, and LEFT and DEAD peers removed after a while
 * ({@link dev.echomesh.agent.peers.internal.PeerExpiry}).
 */
package dev.echomesh.agent.peers.internal;
