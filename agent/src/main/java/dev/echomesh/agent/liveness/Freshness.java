package dev.echomesh.agent.liveness;

/** What {@link ReplayGuard} thinks of an authenticated datagram. */
enum Freshness {
  /** Newer than anything seen from the sender: it advances the sender's high-water mark. */
  NEW,
  /** Older than the newest seen, inside the reorder window, not seen before: genuine but late. */
  REORDERED,
  /** From an older incarnation than the sender's newest, or too far from our wall clock. */
  STALE,
  /** Seen before, or so far behind the newest that it can no longer be told apart from a replay. */
  REPLAYED;

  boolean accepted() {
    return this == NEW || this == REORDERED;
  }
}
