package dev.echomesh.agent.link;

import java.util.concurrent.atomic.AtomicLong;

/**
 * A bound on bytes buffered for calls, taken by reservation: a reservation that would pass the
 * bound is refused (the call is then answered OVERLOADED), so buffering never grows past it.
 * A budget may have a parent (a link's budget inside the agent's): a reservation must fit both.
 * Thread-safe, lock-free.
 */
final class BufferBudget {

  private final long limit;
  private final BufferBudget parent;
  private final AtomicLong used = new AtomicLong();

  /**
   * @param limit the most bytes reserved at once, positive
   * @param parent a budget every reservation must fit too; null = none
   */
  BufferBudget(long limit, BufferBudget parent) {
    if (limit <= 0) {
      throw new IllegalArgumentException("a buffer budget must be positive, got " + limit);
    }
    this.limit = limit;
    this.parent = parent;
  }

  /** Reserves {@code bytes} (not negative) here and in the parent; false, reserving nothing, when either is full. */
  boolean tryReserve(long bytes) {
    if (bytes < 0) {
      throw new IllegalArgumentException("cannot reserve " + bytes + " bytes");
    }
    long now;
    do {
      now = used.get();
      if (bytes > limit - now) {
        return false;
      }
    } while (!used.compareAndSet(now, now + bytes));
    if (parent != null && !parent.tryReserve(bytes)) {
      used.addAndGet(-bytes);
      return false;
    }
    return true;
  }

  /** Gives back {@code bytes} reserved earlier (here and in the parent). */
  void release(long bytes) {
    if (bytes == 0) {
      return;
    }
    long after = used.addAndGet(-bytes);
    if (after < 0) {
      used.addAndGet(bytes);
      throw new IllegalStateException("released " + bytes + " bytes more than reserved");
    }
    if (parent != null) {
      parent.release(bytes);
    }
  }

  /** Bytes reserved now. */
  long used() {
    return used.get();
  }

  long limit() {
    return limit;
  }
}
