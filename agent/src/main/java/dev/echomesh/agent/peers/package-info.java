/**
 * The peer API: {@link dev.echomesh.agent.peers.Peer}, an immutable snapshot of one node as this
 * node knows it, its {@link dev.echomesh.agent.peers.PeerState}, and the
 * {@link dev.echomesh.agent.peers.PeerListener} told of changes. The peer table itself is in
 * {@code dev.echomesh.agent.peers.internal}, which is not API.
 */
package dev.echomesh.agent.peers;
