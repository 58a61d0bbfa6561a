package dev.echomesh.agent.liveness;

import java.util.concurrent.atomic.AtomicLong;

/** The live counters behind {@link LivenessCounters}; safe to update from any thread. */
final class Counters {

  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong malformed = new AtomicLong();
  private final AtomicLong badMac = new AtomicLong();
  private final AtomicLong stale = new AtomicLong();
  private final AtomicLong replayed = new AtomicLong();
  private final AtomicLong ownEcho = new AtomicLong();
  private final AtomicLong sendFailures = new AtomicLong();
  private final AtomicLong listenerFailures = new AtomicLong();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong received = new AtomicLong();

  void sent() {
    sent.incrementAndGet();
  }

  void received() {
    received.incrementAndGet();
  }

  void accepted() {
    accepted.incrementAndGet();
  }

  void dropped(DropReason reason) {
    switch (reason) {
      case MALFORMED -> malformed.incrementAndGet();
      case BAD_MAC -> badMac.incrementAndGet();
      case STALE -> stale.incrementAndGet();
      case REPLAYED -> replayed.incrementAndGet();
      case OWN_ECHO -> ownEcho.incrementAndGet();
    }
  }

  void sendFailed() {
    sendFailures.incrementAndGet();
  }

  void listenerFailed() {
    listenerFailures.incrementAndGet();
  }

  LivenessCounters snapshot() {
    return new LivenessCounters(
        accepted.get(),
        malformed.get(),
        badMac.get(),
        stale.get(),
        replayed.get(),
        ownEcho.get(),
        sendFailures.get(),
        listenerFailures.get(),
        sent.get(),
        received.get());
  }
}
