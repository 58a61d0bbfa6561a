package dev.echomesh.agent.link;

import java.net.SocketAddress;

/** A connection that did not become a link: refused by either side, or failed to connect. */
public final class LinkRefusedException extends Exception {

  private static final long serialVersionUID = 1L;

  private final transient SocketAddress address;
  private final boolean connectionRefused;

  public LinkRefusedException(SocketAddress address, String reason) {
    this(address, reason, false);
  }

  /**
   * @param connectionRefused the TCP connect was refused: the host is reachable and nothing
   *     listens on the port (see {@link dev.echomesh.agent.task.Dispatch#REFUSED})
   */
  public LinkRefusedException(SocketAddress address, String reason, boolean connectionRefused) {
    super(reason);
    this.address = address;
    this.connectionRefused = connectionRefused;
  }

  /** Whether the TCP connect itself was refused (host reachable, nothing listening on the port). */
  public boolean connectionRefused() {
    return connectionRefused;
  }

  /** The address that was dialed or that dialed in. */
  public SocketAddress address() {
    return address;
  }
}
