package dev.echomesh.agent.peers;

/** What this node currently believes about a peer. */
public enum PeerState {
  /** Heard from recently (a ping, a pong or a working link). */
  ALIVE,
  /** Silent for longer than the suspect timeout; calls may still be tried. */
  SUSPECT,
  /**
   * Silent for longer than the dead timeout. Comes back as ALIVE when heard again; removed from
   * the table after a longer silence (the setting {@code liveness.forget-after}).
   */
  DEAD,
  /**
   * Said goodbye (an authenticated Leave or an mDNS goodbye): stopped cleanly. Comes back as ALIVE
   * with a new incarnation; removed from the table after a while (the setting
   * {@code liveness.forget-after}).
   */
  LEFT
}
