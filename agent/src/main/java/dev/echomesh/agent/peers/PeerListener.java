package dev.echomesh.agent.peers;

/**
 * Told of every change in the peer table. Called on the thread that made the change; must
 * return quickly and must not block (hand long work to an executor).
 */
@FunctionalInterface
public interface PeerListener {
  /**
   * @param before the peer before the change; null when it was just added
   * @param after the peer after the change
   */
  void peerChanged(Peer before, Peer after);
}
