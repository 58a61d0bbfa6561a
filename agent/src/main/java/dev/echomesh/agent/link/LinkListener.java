package dev.echomesh.agent.link;

/**
 * Told when links come up and go down. Called on a network thread: must return quickly and
 * must not block.
 */
public interface LinkListener {

  /** A link to {@code info.peer()} completed its handshake and Hello. */
  void linkUp(LinkInfo info);

  /** A link closed; {@code reason} says why, for logs. Another link to the peer may remain. */
  void linkDown(LinkInfo info, String reason);

  /** A listener that ignores everything. */
  LinkListener NONE = new LinkListener() {
    @Override
    public void linkUp(LinkInfo info) {}

    @Override
    public void linkDown(LinkInfo info, String reason) {}
  };
}
