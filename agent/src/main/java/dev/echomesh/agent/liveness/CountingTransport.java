package dev.echomesh.agent.liveness;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;

/** A {@link Transport} that counts the datagrams it sends and receives into {@link Counters}. */
final class CountingTransport implements Transport {

  private final Transport delegate;
  private final Counters counters;

  CountingTransport(Transport delegate, Counters counters) {
    this.delegate = delegate;
    this.counters = counters;
  }

  @Override
  public void send(ByteBuffer datagram, InetSocketAddress target) throws IOException {
    delegate.send(datagram, target);
    counters.sent();
  }

  @Override
  public InetSocketAddress receive(ByteBuffer buffer) throws IOException {
    InetSocketAddress source = delegate.receive(buffer);
    if (source != null) {
      counters.received();
    }
    return source;
  }

  @Override
  public boolean hasWaiting() {
    return delegate.hasWaiting();
  }

  @Override
  public InetSocketAddress localAddress() {
    return delegate.localAddress();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
