package dev.echomesh.agent.control;

import java.util.concurrent.atomic.AtomicInteger;

/** A bounded count of things open at once (connections, streams). Thread-safe. */
final class Slots {

  private final int max;
  private final AtomicInteger used = new AtomicInteger();

  Slots(int max) {
    this.max = max;
  }

  /** Takes a slot if one is free. */
  boolean tryAcquire() {
    while (true) {
      int current = used.get();
      if (current >= max) {
        return false;
      }
      if (used.compareAndSet(current, current + 1)) {
        return true;
      }
    }
  }

  void release() {
    used.decrementAndGet();
  }

  int max() {
    return max;
  }
}
