package dev.echomesh.agent.liveness;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A UDP socket: a blocking JDK {@link DatagramChannel} with SO_BROADCAST and SO_REUSEADDR.
 *
 * <p>Why a blocking JDK channel with one receive thread rather than a Netty event loop: liveness
 * moves a few hundred tiny datagrams a second, and what matters is the latency of answering a ping.
 * A thread blocked in {@code recvfrom} wakes straight into our code and answers on the spot,
 * exactly like a plain Java UDP ping-pong; the receive-side state (replay windows) needs no lock
 * because one thread owns it; and no event loop shared with TLS links can be delayed by it, or
 * delay it.
 */
final class UdpTransport implements Transport {

  private static final Logger log = LoggerFactory.getLogger(UdpTransport.class);

  private final DatagramChannel channel;
  private final InetSocketAddress localAddress;

  private UdpTransport(DatagramChannel channel) throws IOException {
    this.channel = channel;
    this.localAddress = (InetSocketAddress) channel.getLocalAddress();
  }

  /**
   * Opens a socket bound to {@code bind}.
   *
   * @throws IOException when the address cannot be bound, e.g. the port is taken by another program
   *     without SO_REUSEADDR; the message names the address
   */
  static UdpTransport bind(InetSocketAddress bind) throws IOException {
    ProtocolFamily family =
        bind.getAddress() instanceof Inet6Address
            ? StandardProtocolFamily.INET6
            : StandardProtocolFamily.INET;
    DatagramChannel channel = DatagramChannel.open(family);
    try {
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      channel.setOption(StandardSocketOptions.SO_BROADCAST, true);
      channel.bind(bind);
      channel.configureBlocking(true);
      return new UdpTransport(channel);
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      throw new IOException(
          "cannot bind the liveness UDP socket to " + bind + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void send(ByteBuffer datagram, InetSocketAddress target) throws IOException {
    channel.send(datagram, target);
  }

  @Override
  public InetSocketAddress receive(ByteBuffer buffer) throws IOException {
    return (InetSocketAddress) channel.receive(buffer);
  }

  @Override
  public InetSocketAddress localAddress() {
    return localAddress;
  }

  @Override
  public void close() {
    closeQuietly(channel);
  }

  private static void closeQuietly(DatagramChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("closing the liveness UDP socket failed; it is closed anyway", e);
    }
  }
}
