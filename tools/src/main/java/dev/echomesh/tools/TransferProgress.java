package dev.echomesh.tools;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The progress line of {@code echomesh send} and {@code echomesh get} on stderr: bytes done of
 * the total, rate, ETA and file i of n, redrawn in place at most every {@link #REDRAW_NANOS}. Prints
 * nothing when disabled (output not a terminal). Thread-safe.
 */
final class TransferProgress {

  private static final long REDRAW_NANOS = 200_000_000L;

  private final PrintStream err;
  private final boolean enabled;
  private final long totalBytes;
  private final int totalFiles;
  private final long startNanos = System.nanoTime();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicInteger filesDone = new AtomicInteger();
  private long lastDrawNanos;
  private boolean drawn;

  TransferProgress(PrintStream err, boolean enabled, long totalBytes, int totalFiles) {
    this.err = err;
    this.enabled = enabled;
    this.totalBytes = totalBytes;
    this.totalFiles = totalFiles;
  }

  void bytes(long n) {
    bytes.addAndGet(n);
    redraw(false);
  }

  void fileDone() {
    filesDone.incrementAndGet();
    redraw(false);
  }

  /** Draws the final state and ends the line. */
  synchronized void finish() {
    if (enabled && drawn) {
      redraw(true);
      err.println();
      err.flush();
    }
  }

  private synchronized void redraw(boolean force) {
    if (!enabled) {
      return;
    }
    long now = System.nanoTime();
    if (!force && drawn && now - lastDrawNanos < REDRAW_NANOS) {
      return;
    }
    lastDrawNanos = now;
    drawn = true;
    double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
    long done = bytes.get();
    double rate = done / seconds;
    String eta = rate <= 0 || done >= totalBytes ? "-" : formatSeconds((totalBytes - done) / rate);
    err.print(String.format(Locale.ROOT, "\r%s / %s  %s/s  ETA %s  file %d of %d   ", size(done), size(totalBytes),
        size((long) rate), eta, Math.min(totalFiles, filesDone.get() + 1), totalFiles));
    err.flush();
  }

  static String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
  }

  private static String formatSeconds(double seconds) {
    long s = (long) Math.ceil(seconds);
    return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s % 3600 / 60)
        : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }
}
