package dev.echomesh.agent.control;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Request body bytes buffered across every connection, bounded: a connection reserves bytes as
 * they arrive and gives them back when its request is answered or it closes. Thread-safe.
 */
final class BodyBudget {

  private final long maxBytes;
  private final AtomicLong used = new AtomicLong();

  BodyBudget(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** Takes {@code bytes} if they fit; false (taking nothing) otherwise. */
  boolean tryReserve(long bytes) {
    while (true) {
      long current = used.get();
      if (current + bytes > maxBytes) {
        return false;
      }
      if (used.compareAndSet(current, current + bytes)) {
        return true;
      }
    }
  }

  void release(long bytes) {
    used.addAndGet(-bytes);
  }

  /** Bytes held now. */
  long used() {
    return used.get();
  }
}
