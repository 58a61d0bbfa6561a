package dev.echomesh.agent.discovery;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** An {@link MdnsEndpoint.Factory} that records what the service does with its endpoints. */
final class FakeEndpoints implements MdnsEndpoint.Factory {

  /** Bound on every wait of a fake, so a broken test ends. */
  private static final long MAX_BLOCK_SECONDS = 60;

  private final List<String> log = new ArrayList<>();
  private final List<Endpoint> open = new ArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  volatile CountDownLatch openGate = new CountDownLatch(0);
  volatile CountDownLatch closeGate = new CountDownLatch(0);

  @Override
  public MdnsEndpoint open(MdnsEndpoint.Binding binding, String instanceName, int port, byte[] txt,
      MdnsEndpoint.Events events) throws IOException {
    await(openGate);
    if (failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
      record("fail " + describe(binding));
      throw new IOException("address not available");
    }
    Endpoint endpoint = new Endpoint(binding, instanceName, port, txt, events);
    synchronized (this) {
      open.add(endpoint);
    }
    record("open " + describe(binding));
    return endpoint;
  }

  /** Makes the next {@code count} opens fail. */
  void failNextOpens(int count) {
    failuresLeft.set(count);
  }

  /** "open eth0 198.18.0.1", "close ...", "fail ..." in the order they happened. */
  synchronized List<String> log() {
    return List.copyOf(log);
  }

  /** The endpoints opened and not closed, oldest first. */
  synchronized List<Endpoint> open() {
    return List.copyOf(open);
  }

  private synchronized void record(String line) {
    log.add(line);
  }

  private static String describe(MdnsEndpoint.Binding binding) {
    return binding.interfaceName() + " " + binding.address().getHostAddress();
  }

  private static void await(CountDownLatch gate) {
    try {
      if (!gate.await(MAX_BLOCK_SECONDS, TimeUnit.SECONDS)) {
        throw new IllegalStateException("a test gate was never opened");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  final class Endpoint implements MdnsEndpoint {
    final MdnsEndpoint.Binding binding;
    final String instanceName;
    final int port;
    final byte[] txt;
    final MdnsEndpoint.Events events;

    Endpoint(MdnsEndpoint.Binding binding, String instanceName, int port, byte[] txt, MdnsEndpoint.Events events) {
      this.binding = binding;
      this.instanceName = instanceName;
      this.port = port;
      this.txt = txt;
      this.events = events;
    }

    @Override
    public void close() {
      record("close " + describe(binding) + " started");
      await(closeGate);
      synchronized (FakeEndpoints.this) {
        open.remove(this);
      }
      record("close " + describe(binding));
    }
  }
}
