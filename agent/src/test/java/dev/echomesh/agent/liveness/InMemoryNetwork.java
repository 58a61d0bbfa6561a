package dev.echomesh.agent.liveness;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A LAN in memory (memberlist's mock transport idea): transports bound to addresses of one subnet
 * exchange datagrams through queues, the subnet's broadcast address reaches every transport bound
 * to the port (the sender too, as on Linux), and a host's link can be cut and restored. Nothing
 * touches a real network.
 */
final class InMemoryNetwork {

  private final LocalInterface subnet;
  private final InetAddress broadcast;
  private final Map<InetSocketAddress, Endpoint> endpoints = new ConcurrentHashMap<>();
  private final Set<InetAddress> cut = ConcurrentHashMap.newKeySet();

  /** Every datagram sent, in order, for tests that replay or inspect them. */
  final List<Sent> sent = new CopyOnWriteArrayList<>();

  /**
   * @param subnet the LAN's subnet; its name and MAC are those of every host's interface in tests
   */
  InMemoryNetwork(LocalInterface subnet) {
    this.subnet = subnet;
    this.broadcast = PingTarget.subnetBroadcast(subnet, 0).address().getAddress();
  }

  /** A transport bound to {@code address}, which must be on the subnet and free. */
  Transport bind(InetSocketAddress address) {
    if (!subnet.contains(address.getAddress())) {
      throw new IllegalArgumentException(address + " is not on " + subnet);
    }
    Endpoint endpoint = new Endpoint(address);
    if (endpoints.putIfAbsent(address, endpoint) != null) {
      throw new IllegalStateException(address + " is taken");
    }
    return endpoint;
  }

  /** Drops everything to and from {@code host} until {@link #restore}. */
  void cut(InetAddress host) {
    cut.add(host);
  }

  void restore(InetAddress host) {
    cut.remove(host);
  }

  /**
   * Delivers {@code bytes} to {@code to} as if sent from {@code from} (also for forged datagrams).
   */
  void deliver(InetSocketAddress from, byte[] bytes, InetSocketAddress to) {
    sent.add(new Sent(from, bytes, to));
    if (cut.contains(from.getAddress())) {
      return;
    }
    if (to.getAddress().equals(broadcast)) {
      for (Endpoint endpoint : endpoints.values()) {
        if (endpoint.address.getPort() == to.getPort()) {
          endpoint.enqueue(from, bytes);
        }
      }
      return;
    }
    Endpoint endpoint = endpoints.get(to);
    if (endpoint != null) {
      endpoint.enqueue(from, bytes);
    }
  }

  /** One datagram as sent. */
  record Sent(InetSocketAddress from, byte[] bytes, InetSocketAddress to) {}

  private record Packet(InetSocketAddress source, byte[] bytes) {}

  private static final Packet CLOSED = new Packet(null, new byte[0]);

  private final class Endpoint implements Transport {
    private final InetSocketAddress address;
    private final BlockingQueue<Packet> inbox = new LinkedBlockingQueue<>();
    private volatile boolean closed;

    Endpoint(InetSocketAddress address) {
      this.address = address;
    }

    void enqueue(InetSocketAddress source, byte[] bytes) {
      if (!closed && !cut.contains(address.getAddress())) {
        inbox.add(new Packet(source, bytes));
      }
    }

    @Override
    public void send(ByteBuffer datagram, InetSocketAddress target) throws IOException {
      if (closed) {
        throw new ClosedChannelException();
      }
      byte[] bytes = new byte[datagram.remaining()];
      datagram.get(bytes);
      deliver(address, bytes, target);
    }

    @Override
    public InetSocketAddress receive(ByteBuffer buffer) throws IOException {
      Packet packet;
      try {
        packet = inbox.take();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new ClosedChannelException();
      }
      if (packet == CLOSED) {
        inbox.add(CLOSED);
        throw new ClosedChannelException();
      }
      buffer.put(packet.bytes(), 0, Math.min(packet.bytes().length, buffer.remaining()));
      return packet.source();
    }

    @Override
    public boolean hasWaiting() {
      return !closed && !inbox.isEmpty();
    }

    @Override
    public InetSocketAddress localAddress() {
      return address;
    }

    @Override
    public void close() {
      closed = true;
      endpoints.remove(address, this);
      inbox.add(CLOSED);
    }
  }
}
