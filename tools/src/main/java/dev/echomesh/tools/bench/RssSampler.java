package dev.echomesh.tools.bench;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * Reads the resident set of some agents every {@link #INTERVAL} on a thread of its own, keeping
 * each one's highest reading, until closed.
 */
final class RssSampler implements AutoCloseable {

  static final Duration INTERVAL = Duration.ofMillis(100);

  private final List<LanAgent> agents;
  private final double[] peaks;
  private final Thread thread;
  private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
  private volatile boolean running = true;

  private RssSampler(List<LanAgent> agents) {
    this.agents = List.copyOf(agents);
    this.peaks = new double[agents.size()];
    this.thread = new Thread(this::sample, "bench-rss");
    thread.setDaemon(true);
  }

  /** Starts sampling {@code agents}. */
  static RssSampler start(List<LanAgent> agents) {
    RssSampler sampler = new RssSampler(agents);
    sampler.readAll();
    sampler.thread.start();
    return sampler;
  }

  private void sample() {
    while (running) {
      try {
        readAll();
      } catch (RuntimeException e) {
        failure.compareAndSet(null, e);
        return;
      }
      LockSupport.parkNanos(INTERVAL.toNanos());
    }
  }

  private synchronized void readAll() {
    for (int i = 0; i < agents.size(); i++) {
      peaks[i] = Math.max(peaks[i], agents.get(i).rssMiB());
    }
  }

  /**
   * Stops sampling and returns each agent's highest RSS in MiB, in the order given.
   *
   * @throws BenchException when a reading failed (an agent died)
   */
  synchronized double[] peaksMiB() {
    close();
    if (failure.get() != null) {
      throw new BenchException("cannot read an agent's RSS: " + failure.get().getMessage(), failure.get());
    }
    return peaks.clone();
  }

  @Override
  public void close() {
    running = false;
    thread.interrupt();
  }
}
