package dev.echomesh.agent.liveness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/**
 * Moves opaque datagrams: the real one is a UDP socket ({@link UdpTransport}); tests use an
 * in-memory network. Sends may come from any thread; one thread receives.
 */
interface Transport extends AutoCloseable {

  /** Sends the bytes between {@code datagram}'s position and limit to {@code target}. */
  void send(ByteBuffer datagram, InetSocketAddress target) throws IOException;

  /**
   * Blocks until a datagram arrives, puts it into {@code buffer} (a datagram larger than the
   * buffer's room is cut to fit) and returns its source.
   *
   * @throws java.nio.channels.ClosedChannelException once the transport is closed, including while
   *     blocked here
   */
  InetSocketAddress receive(ByteBuffer buffer) throws IOException;

  /**
   * Whether datagrams wait now to be {@link #receive}d: any thread may ask, without taking one.
   * False once closed.
   */
  boolean hasWaiting();

  /** The local address and port, with the real port when 0 was asked for. */
  InetSocketAddress localAddress();

  /** Closes the transport and wakes a blocked {@link #receive}. Idempotent. */
  @Override
  void close();
}
