package dev.echomesh.tools.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command to its exit and times it from spawn to exit, its output to files in a
 * directory (so a full pipe never stalls it).
 */
final class TimedCommand {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final Path directory;
  private final Map<String, String> environment;

  TimedCommand(Path directory, Map<String, String> environment) {
    this.directory = directory;
    this.environment = Map.copyOf(environment);
  }

  /** Spawn-to-exit milliseconds of a run that exits 0 within the timeout. */
  double millis(List<String> argv) {
    Path stdout = directory.resolve("command.out");
    Path stderr = directory.resolve("command.err");
    ProcessBuilder builder =
        new ProcessBuilder(argv)
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(stdout.toFile())
            .redirectError(stderr.toFile());
    builder.environment().putAll(environment);
    long start = System.nanoTime();
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new BenchException("cannot run " + argv.get(0) + ": " + e.getMessage(), e);
    }
    try {
      if (!process.waitFor(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new BenchException(String.join(" ", argv) + " did not exit within " + TIMEOUT.toSeconds() + " s");
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted", e);
    }
    double millis = (System.nanoTime() - start) / 1e6;
    if (process.exitValue() != 0) {
      throw new BenchException(String.join(" ", argv) + " exited " + process.exitValue() + ": " + LanAgent.tail(read(stderr)));
    }
    return millis;
  }

  /** Spawn-to-exit milliseconds of {@code runs} runs, after one unmeasured run. */
  Samples samples(List<String> argv, int runs) {
    millis(argv);
    List<Double> values = new java.util.ArrayList<>();
    for (int i = 0; i < runs; i++) {
      values.add(millis(argv));
    }
    return new Samples(values);
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      return "(" + file + " unreadable: " + e.getMessage() + ")";
    }
  }
}
