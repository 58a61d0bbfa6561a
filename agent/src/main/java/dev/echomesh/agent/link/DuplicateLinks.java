package dev.echomesh.agent.link;

import dev.echomesh.agent.identity.NodeId;

/**
 * Which of two links to the same peer to keep. Both nodes must pick the same one without
 * talking about it, so the rule depends only on who dialed each link: when both dialed at
 * once, the link dialed by the lower node ID wins. Two links dialed by the same side mean that
 * side gave up on the older one (it redials only without a usable link), so the newer wins.
 */
final class DuplicateLinks {

  private DuplicateLinks() {}

  /**
   * Whether a new link replaces an existing one to the same peer.
   *
   * @param self this node
   * @param peer the peer both links go to
   * @param existingDialedByUs whether this node dialed the existing link
   * @param newDialedByUs whether this node dialed the new link
   */
  static boolean newLinkWins(NodeId self, NodeId peer, boolean existingDialedByUs, boolean newDialedByUs) {
    if (existingDialedByUs == newDialedByUs) {
      return true;
    }
    NodeId newDialer = newDialedByUs ? self : peer;
    NodeId existingDialer = existingDialedByUs ? self : peer;
    return newDialer.compareTo(existingDialer) < 0;
  }
}
