package dev.echomesh.agent.link;

import io.netty.channel.ConnectTimeoutException;
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
}
