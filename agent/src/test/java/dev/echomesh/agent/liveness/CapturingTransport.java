package dev.echomesh.agent.liveness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Records what is sent, optionally failing sends to some addresses; never receives. */
final class CapturingTransport implements Transport {

  /** One datagram as sent. */
  record Sent(byte[] bytes, InetSocketAddress to) {}

  final List<Sent> sent = new ArrayList<>();

  /** Sends to these fail with an IOException, as to an unreachable network. */
  final Set<InetSocketAddress> unreachable = ConcurrentHashMap.newKeySet();

  boolean failSends;

  @Override
  public void send(ByteBuffer datagram, InetSocketAddress target) throws IOException {
    if (failSends || unreachable.contains(target)) {
      throw new IOException("Network is unreachable");
    }
    sent.add(new Sent(TestDatagrams.bytes(datagram), target));
  }

  @Override
  public boolean hasWaiting() {
    return false; // never receives
  }

  @Override
  public InetSocketAddress receive(ByteBuffer buffer) {
    throw new UnsupportedOperationException("this transport never receives");
  }

  @Override
  public InetSocketAddress localAddress() {
    return new InetSocketAddress(0);
  }

  @Override
  public void close() {}
}
