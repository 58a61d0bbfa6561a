package dev.echomesh.it.packaging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs one external command to its end, output collected in files (no pipe can fill up). */
final class Command {

  /** Generous: two shared cores, a JVM start, unpacking 20 MiB. */
  static final Duration TIMEOUT = Duration.ofSeconds(60);

  private Command() {}

  /** The outcome of one command. */
  record Result(List<String> command, int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return String.join(" ", command) + ": exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  /** Runs {@code command} in {@code directory}, with the variables of {@code environment} added. */
  static Result run(Path directory, Map<String, String> environment, List<String> command)
      throws IOException, InterruptedException {
    return run(directory, environment, command, TIMEOUT);
  }

  /** As {@link #run(Path, Map, List)}, bounded by {@code timeout} instead of {@link #TIMEOUT}. */
  static Result run(Path directory, Map<String, String> environment, List<String> command, Duration timeout)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile("echomesh-command-", ".out");
    Path err = Files.createTempFile("echomesh-command-", ".err");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(directory.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().putAll(environment);
    Process process = builder.start();
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(String.join(" ", command) + " did not end within " + timeout);
      }
      return new Result(
          command,
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }

  /** Runs {@code command} in {@code directory} with this process's environment. */
  static Result run(Path directory, String... command) throws IOException, InterruptedException {
    return run(directory, Map.of(), List.of(command));
  }

  /** True when {@code program} is found on the PATH. */
  static boolean onPath(String program) {
    String path = System.getenv("PATH");
    if (path == null) {
      return false;
    }
    for (String directory : path.split(":")) {
      if (!directory.isEmpty() && Files.isExecutable(Path.of(directory, program))) {
        return true;
      }
    }
    return false;
  }
}
