package dev.echomesh.agent;

import dev.echomesh.agent.link.LinkConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/**
 * Checks, before the agent announces anything, that its link port can be listened on. The agent's
 * first pings go out before the link listener binds (the listener's Hello needs the UDP port), so
 * an agent whose link port was taken used to be seen ALIVE by its peers, then LEFT (for an hour,
 * until {@code liveness.forget-after}). The check binds the port and releases it at once: another
 * program taking the port in the microseconds between the check and the real listen still makes
 * the start fail, with the link layer's own error, only later.
 */
final class LinkPortCheck {

  private LinkPortCheck() {}

  /**
   * @throws IOException when the port cannot be bound, saying why and what to do
   */
  static void requireFree(LinkConfig link) throws IOException {
    if (link.port() == 0) {
      return; // a free port is picked by the listener itself
    }
    String where = hostPort(link);
    try (ServerSocket probe = new ServerSocket()) {
      probe.setReuseAddress(true); // as the listener does: a port in TIME_WAIT is free to use
      probe.bind(new InetSocketAddress(link.bindAddress(), link.port()));
    } catch (BindException e) {
      throw new IOException("cannot listen for links on " + where + ": " + e.getMessage()
          + " (is another echomesh agent or program using TCP port " + link.port()
          + "? stop it, or choose another port with --port or link.port)", e);
    }
  }

  private static String hostPort(LinkConfig link) {
    String host = link.bindAddress().getHostAddress();
    return (host.contains(":") ? "[" + host + "]" : host) + ":" + link.port();
  }
}
