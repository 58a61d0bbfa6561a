package dev.echomesh.agent.link;

/** A monotonic time source in nanoseconds; tests substitute their own. */
@FunctionalInterface
interface Ticker {
  /** The system's monotonic clock. */
  Ticker SYSTEM = System::nanoTime;

  long nanoTime();
}
