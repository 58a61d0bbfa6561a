package dev.echomesh.agent.link;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Dials each static peer (an address given by the user, e.g. {@code --peer HOST:PORT}) in the
 * background until it is linked once, waiting per {@link Backoff} between failed attempts.
 * After that, calls redial it on demand like any other peer. Stops when the agent closes.
 */
final class StaticPeerDialer {

  private static final Logger log = LoggerFactory.getLogger(StaticPeerDialer.class);

  private final LinkManager manager;
  private final List<InetSocketAddress> addresses;
  private final Backoff backoff;
  private final LinkTransport transport;
  private volatile boolean stopped;

  StaticPeerDialer(LinkManager manager, List<InetSocketAddress> addresses, Backoff backoff, LinkTransport transport) {
    this.manager = manager;
    this.addresses = addresses;
    this.backoff = backoff;
    this.transport = transport;
  }

  void start() {
    for (InetSocketAddress address : addresses) {
      attempt(address, 0);
    }
  }

  void stop() {
    stopped = true;
  }

  private void attempt(InetSocketAddress address, int attempt) {
    if (stopped) {
      return;
    }
    manager.connect(address).whenComplete((peer, error) -> {
      if (error == null) {
        log.info("Static peer {} is node {}", Channels.address(address), peer);
        return;
      }
      if (stopped) {
        return;
      }
      Duration delay = backoff.delay(attempt, ThreadLocalRandom.current().nextDouble());
      String reason = error.getCause() != null ? error.getCause().getMessage() : error.getMessage();
      if (attempt == 0) {
        log.info("Static peer {} not reachable yet ({}); retrying with backoff up to {} ms",
            Channels.address(address), reason, backoff.max().toMillis());
      } else {
        log.debug("Static peer {} still not reachable ({}); next attempt in {} ms",
            Channels.address(address), reason, delay.toMillis());
      }
      try {
        transport.schedule(() -> attempt(address, attempt + 1), delay.toNanos());
      } catch (RejectedExecutionException stopped) {
        log.debug("Stopped redialing {}: the link layer has stopped", Channels.address(address));
      }
    });
  }
}
