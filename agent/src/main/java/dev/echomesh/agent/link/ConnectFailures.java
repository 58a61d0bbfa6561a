package dev.echomesh.agent.link;

import io.netty.channel.ConnectTimeoutException;
import java.io.IOException;
import java.net.ConnectException;

/**
 * What a failed TCP connect says about the peer's host (see {@link
 * dev.echomesh.agent.task.Dispatch#REFUSED}).
 */
final class ConnectFailures {

  /**
   * The text of ECONNREFUSED in the exceptions of both transports: the JDK's NIO and Netty's
   * epoll ({@code connect(..) failed: Connection refused}) give the C library's message, and
   * neither has a distinct exception type for it (epoll reports EHOSTUNREACH as a plain {@link
   * ConnectException} too).
   */
  static final String REFUSED_TEXT = "Connection refused";

  /** The text of ECONNRESET in both transports' exceptions (the C library's message). */
  static final String RESET_TEXT = "Connection reset by peer";

  private ConnectFailures() {}

  /**
   * Whether {@code cause} (a failed connect) is a refusal: the host answered with a reset, so it
   * is reachable and nothing listens on the port. Timeouts and unreachable hosts are not.
   */
  static boolean isRefused(Throwable cause) {
    return cause instanceof ConnectException
        && !(cause instanceof ConnectTimeoutException)
        && cause.getMessage() != null
        && cause.getMessage().contains(REFUSED_TEXT);
  }

  /**
   * Whether {@code cause}, failing a dialed connection before its TLS handshake completed, is a
   * TCP reset: the host's kernel dropped a connection its listener had not taken, as when the
   * agent's process dies (or closes its listener) with the connection in its accept queue. It
   * says what a refusal says: the host is reachable, the process that listened is gone, and no
   * call was written on this connection (calls go only on links, after the handshake).
   */
  static boolean isResetBeforeHandshake(Throwable cause) {
    for (Throwable t = cause; t != null; t = t.getCause()) {
      if (t instanceof IOException && t.getMessage() != null && t.getMessage().contains(RESET_TEXT)) {
        return true;
      }
    }
    return false;
  }
}
