package dev.echomesh.agent.link;

import dev.echomesh.agent.identity.NodeId;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * Where to dial a peer: the link layer asks this when it has no link to a node it must call.
 * The agent answers from its peer table (discovered addresses, ports learned from Hello).
 * Called on any thread; must not block.
 */
@FunctionalInterface
public interface PeerAddressResolver {
  /** The address of {@code peer}'s link listener, if known. */
  Optional<InetSocketAddress> linkAddressOf(NodeId peer);
}
