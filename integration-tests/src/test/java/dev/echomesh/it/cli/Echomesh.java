package dev.echomesh.it.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the {@code echomesh} jar as a separate process, the way a user does: {@code java -jar} on
 * the jar named by the system property {@code echomesh.jar} (set by the failsafe plugin).
 */
final class Echomesh {

  /** Generous: two shared cores, JVM start-up, TLS set-up. */
  static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

  private Echomesh() {}

  /** The outcome of one command. */
  record Result(int exitCode, String stdout, String stderr) {
    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
    }
  }

  static Path jar() {
    String property = System.getProperty("echomesh.jar");
    assertTrue(
        property != null, "system property echomesh.jar is not set (run through mvn verify)");
    Path jar = Path.of(property).toAbsolutePath().normalize();
    assertTrue(Files.isRegularFile(jar), "no jar at " + jar + ": build the tools module first");
    return jar;
  }

  /**
   * The source checkout's launcher, {@code ./echomesh} (system property {@code echomesh.checkout},
   * set by the failsafe plugin). It runs the jar the build made, rebuilding it only when a source
   * is newer.
   */
  static Path launcher() {
    String property = System.getProperty("echomesh.checkout");
    assertTrue(
        property != null, "system property echomesh.checkout is not set (run through mvn verify)");
    Path launcher = Path.of(property).resolve("echomesh").toAbsolutePath().normalize();
    assertTrue(Files.isExecutable(launcher), "no launcher at " + launcher);
    return launcher;
  }

  /**
   * What the launcher's environment adds: this JVM's Java, and no class-data-sharing archives
   * (which the launcher would otherwise keep in the runner's {@code ~/.cache}).
   */
  static Map<String, String> launcherEnvironment() {
    return Map.of("JAVA_HOME", System.getProperty("java.home"), "ECHOMESH_CACHE_DIR", "off");
  }

  /** {@code java <flags> -jar echomesh.jar <args>}. */
  static List<String> command(List<String> args) {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-XX:+UseSerialGC");
    command.add("-Xmx256m");
    command.add("-XX:+ExitOnOutOfMemoryError");
    command.add("-jar");
    command.add(jar().toString());
    command.addAll(args);
    return command;
  }

  /**
   * Runs one short command to its end and returns what it printed.
   *
   * @param workDir where stdout and stderr are collected (files, so no pipe can fill up)
   */
  static Result run(Path workDir, String... args) throws IOException, InterruptedException {
    Path out = Files.createTempFile(workDir, "out", ".txt");
    Path err = Files.createTempFile(workDir, "err", ".txt");
    Process process =
        new ProcessBuilder(command(List.of(args)))
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(out.toFile())
            .redirectError(err.toFile())
            .start();
    try {
      if (!process.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
        throw new AssertionError(
            "echomesh " + String.join(" ", args) + " did not end within " + COMMAND_TIMEOUT);
      }
      return new Result(
          process.exitValue(),
          Files.readString(out, StandardCharsets.UTF_8),
          Files.readString(err, StandardCharsets.UTF_8));
    } finally {
      process.destroyForcibly();
      Files.deleteIfExists(out);
      Files.deleteIfExists(err);
    }
  }
}
