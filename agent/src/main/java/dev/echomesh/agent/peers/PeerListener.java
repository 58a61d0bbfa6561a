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

  /**
   * The peer left the table: a LEFT or DEAD peer whose time ran out (the setting
   * {@code liveness.forget-after}), or one
   * forgotten on request. If it is heard again, it comes back as a new record, told through
   * {@link #peerChanged} with a null {@code before}. Does nothing unless overridden.
   *
   * @param last the peer as it was when removed
   */
  default void peerRemoved(Peer last) {}
}
