package dev.echomesh.agent.discovery;

import dev.echomesh.agent.identity.NodeId;

/**
 * Receives what mDNS learns about other nodes of this mesh. Our own announcements and those of
 * other meshes never arrive here.
 *
 * <p>Calls come one at a time from one discovery thread, never from the caller of
 * {@link DiscoveryService#start()}. Implementations should return quickly; an exception is
 * logged and does not stop discovery.
 */
public interface DiscoveryListener {

  /**
   * A node announced itself on one of our interfaces, or changed what it announces there (an
   * address, a port, its MAC or name). Repeats of an unchanged announcement are not delivered.
   */
  void announced(Announcement announcement);

  /**
   * A node is no longer announced on any of our interfaces: it said goodbye (clean stop), its
   * records expired, or the interfaces it was heard on went away. jmdns reports a goodbye 1 to
   * 11 s after it was sent and never notices a crash (see {@link DiscoveryService}), so this is a
   * hint for the peer table, not a liveness verdict. A node that re-announces itself (after an
   * address or MAC change) may be reported gone and then announced again.
   */
  void goodbye(NodeId nodeId);
}
