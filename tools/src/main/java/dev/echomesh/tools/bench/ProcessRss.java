package dev.echomesh.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** A process's resident set (VmRSS of {@code /proc/PID/status}), in MiB. Linux only. */
final class ProcessRss {

  private static final double KIB_PER_MIB = 1024.0;
  /**
   * Readings behind one settled figure. An idle agent's resident set still moves by several MiB
   * for a few seconds at a time during its first minute: each JIT compilation takes arena memory
   * that HotSpot hands back to malloc up to 5 s later and the launcher's trim returns 2 s after
   * that. One reading would measure that noise; the median of a few shows where the process sits.
   */
  static final int READINGS = 5;
  /** Time between two of the {@link #READINGS}. */
  static final Duration READING_INTERVAL = Duration.ofSeconds(1);

  private ProcessRss() {}

  /** One reading now. */
  static double mib(long pid) {
    Path status = Path.of("/proc", Long.toString(pid), "status");
    try {
      for (String line : Files.readAllLines(status)) {
        if (line.startsWith("VmRSS:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) / KIB_PER_MIB;
        }
      }
    } catch (IOException | NumberFormatException e) {
      throw new BenchException("cannot read " + status + ": " + e, e);
    }
    throw new BenchException(status + " has no VmRSS line");
  }

  /** The median of {@value #READINGS} readings {@link #READING_INTERVAL} apart (so this takes that long). */
  static double medianMib(long pid) {
    List<Double> readings = new ArrayList<>();
    for (int reading = 0; reading < READINGS; reading++) {
      if (reading > 0) {
        try {
          Thread.sleep(READING_INTERVAL.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          throw new BenchException("interrupted", e);
        }
      }
      readings.add(mib(pid));
    }
    return new Samples(readings).p50();
  }
}
