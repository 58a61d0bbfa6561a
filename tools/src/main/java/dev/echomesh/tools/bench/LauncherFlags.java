package dev.echomesh.tools.bench;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * How the {@code ./echomesh} launcher script starts an agent -- the environment variables it sets
 * and the JVM options it ships -- asked from the script itself (its {@value #PRINT_ENV} mode), so
 * that the benchmark's agent processes run exactly as a user's {@code echomesh agent} does and the
 * footprint figures mean what they say.
 */
final class LauncherFlags {

  /** The launcher's file name, at the repository root. */
  static final String SCRIPT = "echomesh";
  /** Environment variable naming the launcher script, for runs outside a checkout. */
  static final String SCRIPT_ENV = "ECHOMESH_LAUNCHER";
  /** Set to 1, the launcher prints how it would launch a command instead of launching it. */
  static final String PRINT_ENV = "ECHOMESH_PRINT_LAUNCH";

  /** Bound on the launcher's answer (it runs {@code java -version} once to probe a flag). */
  private static final Duration PRINT_TIMEOUT = Duration.ofSeconds(30);
  private static final String ENV_PREFIX = "env ";
  private static final String JVM_PREFIX = "jvm ";

  private LauncherFlags() {}

  /**
   * How a process is launched.
   *
   * @param environment variables set for it, in the launcher's order
   * @param jvmOptions its JVM options, in order
   */
  record Launch(Map<String, String> environment, List<String> jvmOptions) {

    Launch {
      environment = Collections.unmodifiableMap(new LinkedHashMap<>(environment));
      jvmOptions = List.copyOf(jvmOptions);
    }

    /** No environment and no options: the JVM's defaults. */
    static Launch defaults() {
      return new Launch(Map.of(), List.of());
    }

    /** For people: {@code NAME=VALUE} assignments, then the options, space-separated. */
    String describe() {
      List<String> words = new ArrayList<>();
      environment.forEach((name, value) -> words.add(name + "=" + value));
      words.addAll(jvmOptions);
      return String.join(" ", words);
    }
  }

  /**
   * Parses what the launcher prints in {@value #PRINT_ENV} mode: one {@code env NAME=VALUE} line
   * per environment variable, one {@code jvm OPTION} line per JVM option; blank lines skipped.
   *
   * @throws IllegalArgumentException on any other line, or when no option is printed
   */
  static Launch parse(String printed) {
    Map<String, String> environment = new LinkedHashMap<>();
    List<String> options = new ArrayList<>();
    for (String raw : printed.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith(ENV_PREFIX)) {
        String assignment = line.substring(ENV_PREFIX.length()).strip();
        int equals = assignment.indexOf('=');
        if (equals < 1) {
          throw new IllegalArgumentException("the launcher printed an environment line without NAME=VALUE: " + line);
        }
        environment.put(assignment.substring(0, equals), assignment.substring(equals + 1));
      } else if (line.startsWith(JVM_PREFIX)) {
        options.add(line.substring(JVM_PREFIX.length()).strip());
      } else {
        throw new IllegalArgumentException("the launcher printed an unexpected line: " + line);
      }
    }
    if (options.isEmpty()) {
      throw new IllegalArgumentException("the launcher printed no JVM options");
    }
    return new Launch(environment, options);
  }

  /**
   * How the launcher found by {@link #locate()} starts {@code echomesh agent} with this JVM's Java.
   *
   * @return the launch, or empty with no launcher found
   * @throws IllegalStateException when a launcher is found but does not answer as expected
   */
  static Optional<Launch> find() {
    return locate().map(LauncherFlags::ask);
  }

  /**
   * Runs {@code script agent} in {@value #PRINT_ENV} mode (which builds and starts nothing), with
   * {@code JAVA_HOME} set to this JVM's, and parses its answer.
   *
   * @throws IllegalStateException when it fails, times out or prints something else
   */
  static Launch ask(Path script) {
    Path output = null;
    try {
      output = Files.createTempFile("echomesh-launch-", ".txt");
      ProcessBuilder builder =
          new ProcessBuilder("bash", script.toString(), "agent")
              .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
              .redirectOutput(output.toFile())
              .redirectErrorStream(true);
      builder.environment().put(PRINT_ENV, "1");
      builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
      Process process = builder.start();
      if (!process.waitFor(PRINT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(
            script + " did not print its agent launch within " + PRINT_TIMEOUT.toSeconds() + " s");
      }
      String printed = Files.readString(output, StandardCharsets.UTF_8);
      if (process.exitValue() != 0) {
        throw new IllegalStateException(
            script + " exited with " + process.exitValue() + " when asked for its agent launch: " + printed.strip());
      }
      return parse(printed);
    } catch (IOException | IllegalArgumentException e) {
      throw new IllegalStateException("cannot read the agent launch of " + script + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while asking " + script + " for its agent launch", e);
    } finally {
      if (output != null) {
        try {
          Files.deleteIfExists(output);
        } catch (IOException e) {
          // A few bytes left in the temporary directory; nothing to act on.
        }
      }
    }
  }

  /** Where the launcher script is, if anywhere. */
  static Optional<Path> locate() {
    String configured = System.getenv(SCRIPT_ENV);
    if (configured != null && !configured.isBlank()) {
      Path path = Path.of(configured);
      return Files.isRegularFile(path) ? Optional.of(path) : Optional.empty();
    }
    try {
      Path code = Path.of(LauncherFlags.class.getProtectionDomain().getCodeSource().getLocation().toURI());
      // .../tools/target/echomesh.jar or .../tools/target/classes: the root is three levels up.
      Path root = code.toAbsolutePath().getParent();
      for (int i = 0; i < 2 && root != null; i++) {
        root = root.getParent();
      }
      if (root == null) {
        return Optional.empty();
      }
      Path script = root.resolve(SCRIPT);
      return Files.isRegularFile(script) && Files.isRegularFile(root.resolve("pom.xml")) ? Optional.of(script) : Optional.empty();
    } catch (URISyntaxException | SecurityException | NullPointerException e) {
      return Optional.empty();
    }
  }
}
