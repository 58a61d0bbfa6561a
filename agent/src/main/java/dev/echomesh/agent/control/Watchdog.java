package dev.echomesh.agent.control;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts a time limit on blocking socket operations: a Unix-domain {@code SocketChannel} has no read
 * timeout, so an armed timer closes the channel when the time is up, which ends the blocked read or
 * write with an exception.
 */
final class Watchdog implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Watchdog.class);

  private final ScheduledThreadPoolExecutor scheduler;

  Watchdog(String threadName) {
    scheduler =
        new ScheduledThreadPoolExecutor(
            1,
            runnable -> {
              Thread thread = new Thread(runnable, threadName);
              thread.setDaemon(true);
              return thread;
            });
    scheduler.setRemoveOnCancelPolicy(true);
  }

  /** A running time limit; {@link #close()} disarms it. */
  static final class Timer implements AutoCloseable {
    private final ScheduledFuture<?> future;
    private final AtomicBoolean fired;

    private Timer(ScheduledFuture<?> future, AtomicBoolean fired) {
      this.future = future;
      this.fired = fired;
    }

    /** Whether the time ran out (and the target was closed). */
    boolean fired() {
      return fired.get();
    }

    @Override
    public void close() {
      future.cancel(false);
    }
  }

  /** Closes {@code target} when {@code timeout} passes before the returned timer is closed. */
  Timer arm(Closeable target, Duration timeout) {
    AtomicBoolean fired = new AtomicBoolean();
    ScheduledFuture<?> future =
        scheduler.schedule(
            () -> {
              fired.set(true);
              try {
                target.close();
              } catch (IOException e) {
                log.debug("closing a timed-out control connection failed", e);
              }
            },
            timeout.toNanos(),
            TimeUnit.NANOSECONDS);
    return new Timer(future, fired);
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
  }
}
