package dev.echomesh.agent.liveness;

import java.io.Closeable;
import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetSocketAddress;
import java.net.ProtocolFamily;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.DatagramChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A UDP socket: a JDK {@link DatagramChannel} with SO_BROADCAST and SO_REUSEADDR, received from
 * by one thread.
 *
 * <p>Why a JDK channel with one receive thread rather than a Netty event loop: liveness moves a
 * few hundred tiny datagrams a second, and what matters is the latency of answering a ping. The
 * receiving thread wakes straight into our code and answers on the spot, exactly like a plain
 * Java UDP ping-pong; the receive-side state (replay windows) needs no lock because one thread
 * owns it; and no event loop shared with TLS links can be delayed by it, or delay it.
 *
 * <p>After each datagram the receiver keeps polling the socket for {@code pollWindow}
 * (yielding its CPU each turn) before it sleeps in a selector: pings and pongs come in bursts
 * (a round of pings to every peer, a probe answered by its pong), and a thread that sleeps
 * between them must be woken, which costs up to 30 us on a virtual machine whose idle CPU the
 * hypervisor must wake; measured here, back-to-back probes took 31-38 us p50 without the poll.
 * The poll costs at most {@code pollWindow} of CPU per datagram (about 0.5% of one core with 16
 * peers at the default ping interval), nothing on an idle network.
 */
final class UdpTransport implements Transport {

  private static final Logger log = LoggerFactory.getLogger(UdpTransport.class);

  /** How long the receiver polls after a datagram before it sleeps: 30 us; none on one CPU. */
  static final Duration DEFAULT_POLL_WINDOW =
      Duration.ofNanos(Runtime.getRuntime().availableProcessors() > 1 ? 30_000 : 0);

  private final DatagramChannel channel;
  private final Selector selector;
  /** A second selector on the channel, for {@link #hasWaiting} from other threads. */
  private final Selector waitingProbe;
  private final InetSocketAddress localAddress;
  private final long pollWindowNanos;
  /** Until when the receiver polls; touched by the receiving thread only. */
  private long pollUntilNanos;

  private UdpTransport(DatagramChannel channel, Selector selector, Selector waitingProbe, Duration pollWindow)
      throws IOException {
    this.channel = channel;
    this.selector = selector;
    this.waitingProbe = waitingProbe;
    this.localAddress = (InetSocketAddress) channel.getLocalAddress();
    this.pollWindowNanos = pollWindow.toNanos();
  }

  /**
   * Opens a socket bound to {@code bind}.
   *
   * @throws IOException when the address cannot be bound, e.g. the port is taken by another program
   *     without SO_REUSEADDR; the message names the address
   */
  static UdpTransport bind(InetSocketAddress bind) throws IOException {
    return bind(bind, DEFAULT_POLL_WINDOW);
  }

  /** As {@link #bind(InetSocketAddress)}, polling for {@code pollWindow} after each datagram. */
  static UdpTransport bind(InetSocketAddress bind, Duration pollWindow) throws IOException {
    ProtocolFamily family =
        bind.getAddress() instanceof Inet6Address
            ? StandardProtocolFamily.INET6
            : StandardProtocolFamily.INET;
    DatagramChannel channel = DatagramChannel.open(family);
    Selector selector = null;
    Selector waitingProbe = null;
    try {
      channel.setOption(StandardSocketOptions.SO_REUSEADDR, true);
      channel.setOption(StandardSocketOptions.SO_BROADCAST, true);
      channel.bind(bind);
      channel.configureBlocking(false);
      selector = Selector.open();
      channel.register(selector, SelectionKey.OP_READ);
      waitingProbe = Selector.open();
      channel.register(waitingProbe, SelectionKey.OP_READ);
      return new UdpTransport(channel, selector, waitingProbe, pollWindow);
    } catch (IOException | RuntimeException e) {
      closeQuietly(channel);
      closeQuietly(selector);
      closeQuietly(waitingProbe);
      throw new IOException(
          "cannot bind the liveness UDP socket to " + bind + ": " + e.getMessage(), e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws IOException also when the socket's send buffer is full (the datagram is dropped, as
   *     the network could have dropped it)
   */
  @Override
  public void send(ByteBuffer datagram, InetSocketAddress target) throws IOException {
    int bytes = datagram.remaining();
    if (channel.send(datagram, target) == 0 && bytes > 0) {
      throw new IOException("the UDP send buffer is full; a datagram to " + target + " was dropped");
    }
  }

  @Override
  public InetSocketAddress receive(ByteBuffer buffer) throws IOException {
    try {
      while (true) {
        InetSocketAddress source = (InetSocketAddress) channel.receive(buffer);
        long now = System.nanoTime();
        if (source != null) {
          pollUntilNanos = now + pollWindowNanos;
          return source;
        }
        if (now - pollUntilNanos < 0) {
          Thread.yield();
        } else {
          selector.select(); // until readable, or woken by close()
          selector.selectedKeys().clear();
        }
      }
    } catch (ClosedSelectorException e) {
      throw new ClosedChannelException();
    }
  }

  /** Asks the kernel, through a selector of its own, whether the socket has a datagram to read. */
  @Override
  public boolean hasWaiting() {
    synchronized (waitingProbe) {
      try {
        boolean readable = waitingProbe.selectNow() > 0;
        waitingProbe.selectedKeys().clear();
        return readable;
      } catch (IOException | ClosedSelectorException e) {
        return false; // closed: nothing waits any more
      }
    }
  }

  @Override
  public InetSocketAddress localAddress() {
    return localAddress;
  }

  @Override
  public void close() {
    closeQuietly(channel);
    closeQuietly(selector); // wakes a receiver asleep in select()
    synchronized (waitingProbe) {
      closeQuietly(waitingProbe);
    }
  }

  private static void closeQuietly(Closeable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (IOException e) {
      log.debug("closing the liveness UDP socket failed; it is closed anyway", e);
    }
  }
}
