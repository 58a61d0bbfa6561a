package dev.echomesh.it.mesh;

import dev.echomesh.tools.lan.JavaCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the {@code echomesh} jar from the test JVM, as a user would, against a data directory. */
final class Cli {

  static final Duration TIMEOUT = Duration.ofSeconds(90);

  private Cli() {}

  record Result(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  static Result run(Path workDir, String... args) throws IOException, InterruptedException {
    return run(TIMEOUT, workDir, args);
  }

  /** Runs it, failing when it takes longer than {@code timeout}. */
  static Result run(Duration timeout, Path workDir, String... args) throws IOException, InterruptedException {
    Path out = Files.createTempFile(workDir, "cli", ".out");
    Path err = Files.createTempFile(workDir, "cli", ".err");
    List<String> argv = JavaCommand.echomeshJar().args(args).argv();
    Process process = new ProcessBuilder(argv)
        .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
        .redirectOutput(out.toFile())
        .redirectError(err.toFile())
        .start();
    try {
      if (!process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError("echomesh " + String.join(" ", args) + " did not end within " + timeout);
      }
      return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
