package dev.echomesh.agent.link;

/** What a {@link Link} tells the layer that owns it. Called on the link's event loop. */
interface LinkOwner {

  /** {@code call} reached {@code from} after it stopped taking calls: carry it elsewhere. */
  void reroute(PendingCall call, Link from);

  /** {@code link} takes no more new calls (GoAway sent or received). */
  void draining(Link link);

  /** {@code link} closed. */
  void closed(Link link, String reason);

  LinkStats stats();
}
