package dev.echomesh.agent.task.command;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains one output stream of a program on its own thread, so the program never blocks on a
 * full pipe while the agent writes its stdin. Keeps either the first bytes up to a cap (stdout:
 * past the cap it stops reading and says so once) or the last bytes (stderr: the tail shown when
 * a run fails, however much the program writes).
 */
final class OutputReader implements Runnable {

  private static final Logger log = LoggerFactory.getLogger(OutputReader.class);
  private static final int CHUNK_BYTES = 8192;

  private final InputStream in;
  private final long limit;
  private final boolean keepTail;
  private final Runnable onOverflow;
  private final CountDownLatch ended = new CountDownLatch(1);
  private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
  private volatile boolean overflowed;

  private OutputReader(InputStream in, long limit, boolean keepTail, Runnable onOverflow) {
    this.in = in;
    this.limit = limit;
    this.keepTail = keepTail;
    this.onOverflow = onOverflow;
  }

  /** Keeps up to {@code maxBytes}; one more byte stops the reading and runs {@code onOverflow}. */
  static OutputReader capped(InputStream in, long maxBytes, Runnable onOverflow) {
    return new OutputReader(in, maxBytes, false, onOverflow);
  }

  /** Reads to the end and keeps the last {@code tailBytes}. */
  static OutputReader tail(InputStream in, int tailBytes) {
    return new OutputReader(in, tailBytes, true, () -> { });
  }

  /** Starts reading on a new daemon thread called {@code threadName}. */
  OutputReader start(String threadName) {
    Thread thread = new Thread(this, threadName);
    thread.setDaemon(true);
    thread.start();
    return this;
  }

  @Override
  public void run() {
    byte[] chunk = new byte[CHUNK_BYTES];
    try (in) {
      int n;
      while ((n = in.read(chunk)) >= 0) {
        if (!keep(chunk, n)) {
          overflowed = true;
          onOverflow.run();
          return;
        }
      }
    } catch (IOException e) {
      // The stream closes under us when the process is killed: what was read still counts.
      log.debug("Reading a command's output ended: {}", e.toString());
    } finally {
      ended.countDown();
    }
  }

  /** Returns false when the bytes would pass the cap (stdout). */
  private boolean keep(byte[] chunk, int n) {
    synchronized (kept) {
      if (!keepTail) {
        if (kept.size() + (long) n > limit) {
          return false;
        }
        kept.write(chunk, 0, n);
        return true;
      }
      kept.write(chunk, 0, n);
      if (kept.size() > 2 * limit) {
        byte[] all = kept.toByteArray();
        kept.reset();
        kept.write(all, all.length - (int) limit, (int) limit);
      }
      return true;
    }
  }

  /**
   * Waits up to {@code timeout} for the end of the stream, keeping an interrupt for the caller.
   *
   * @return whether the stream ended (or reading stopped at the cap)
   */
  boolean awaitEnd(Duration timeout) {
    boolean interrupted = false;
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      while (true) {
        try {
          return ended.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
          interrupted = true;
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Whether the stream passed the cap. */
  boolean overflowed() {
    return overflowed;
  }

  /** What was kept: the head up to the cap, or the tail. */
  byte[] bytes() {
    synchronized (kept) {
      byte[] all = kept.toByteArray();
      return keepTail && all.length > limit ? Arrays.copyOfRange(all, all.length - (int) limit, all.length) : all;
    }
  }
}
