package dev.echomesh.agent.link;

import java.net.SocketAddress;

/** A connection that did not become a link: refused by either side, or failed to connect. */
public final class LinkRefusedException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient SocketAddress address;

  public LinkRefusedException(SocketAddress address, String reason) {
    super(reason);
    this.address = address;
  }

  /** The address that was dialed or that dialed in. */
  public SocketAddress address() {
    return address;
  }
}
