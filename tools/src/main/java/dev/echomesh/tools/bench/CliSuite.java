package dev.echomesh.tools.bench;

import dev.echomesh.agent.control.CallOutcome;
import dev.echomesh.agent.control.ControlClient;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * The command line and the local API as other programs use them, against two agents on
 * loopback started through the launcher ({@link LauncherDaemons}): {@code echomesh status},
 * a remote {@code echo} from {@code curl --unix-socket} and from {@code echomesh call}, each
 * timed from spawn to exit; and the built-in {@code echo} beside the external Python example's
 * {@code py.upper} (both on the server agent, called from the client agent's local API).
 */
final class CliSuite {

  static final String EXTERNAL_TASK = "py.upper";
  static final String HANDLER = "examples/python/handler.py";
  private static final Duration HANDLER_READY_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
  private static final byte[] PAYLOAD = "hello".getBytes(StandardCharsets.UTF_8);

  private final BenchPlan plan;
  private final Consumer<String> progress;

  CliSuite(BenchPlan plan, Consumer<String> progress) {
    this.plan = plan;
    this.progress = progress;
  }

  /** Process runs per command: 21 in a full run, 9 quick, 3 in the smoke plan. */
  int processRuns() {
    return switch (plan.mode()) {
      case "full" -> 21;
      case "quick" -> 9;
      default -> 3;
    };
  }

  /** Calls of each task after as many unmeasured ones: 2,000 in a full run, 500 quick, 20 smoke. */
  int calls() {
    return switch (plan.mode()) {
      case "full" -> 2000;
      case "quick" -> 500;
      default -> 20;
    };
  }

  CliResults run() {
    Optional<Path> launcher = LauncherFlags.locate();
    if (launcher.isEmpty()) {
      return CliResults.skipped("no launcher script found (run ./echomesh bench from a source checkout, or set "
          + LauncherFlags.SCRIPT_ENV + ")");
    }
    Path directory;
    try {
      directory = Files.createTempDirectory("echomesh-bench-cli");
    } catch (IOException e) {
      return CliResults.skipped("no temporary directory: " + e.getMessage());
    }
    try (LauncherDaemons daemons = LauncherDaemons.start(launcher.get(), directory)) {
      return measure(launcher.get(), daemons, directory);
    } catch (BenchException e) {
      return CliResults.skipped(e.getMessage());
    } finally {
      delete(directory);
    }
  }

  private CliResults measure(Path launcher, LauncherDaemons daemons, Path directory) {
    TimedCommand commands = new TimedCommand(directory, daemons.clientEnvironment());
    int runs = processRuns();
    progress.accept("cli: echomesh status with and without its class-data-sharing archive, " + runs + " runs each");
    Measured<Samples> start = Measured.of(commands.samples(List.of(launcher.toString(), "status"), runs));
    Map<String, String> withoutArchive = new HashMap<>(daemons.clientEnvironment());
    withoutArchive.put("ECHOMESH_CACHE_DIR", "off");
    Measured<Samples> startWithoutArchive =
        Measured.of(new TimedCommand(directory, withoutArchive).samples(List.of(launcher.toString(), "status"), runs));
    progress.accept("cli: a remote echo from curl and from echomesh call, " + runs + " runs each");
    Measured<Samples> curl =
        onPath("curl")
            .map(
                curlPath ->
                    Measured.of(
                        commands.samples(
                            List.of(
                                curlPath.toString(), "-sS", "-f", "--unix-socket",
                                daemons.clientDataDir().resolve("control.sock").toString(), "-d", "hello",
                                "http://localhost/v1/call/" + LauncherDaemons.SERVER_NAME + "/" + EchomeshEcho.TASK),
                            runs)))
            .orElseGet(() -> Measured.missing("curl is not on the PATH"));
    Measured<Samples> cliCall =
        Measured.of(
            commands.samples(
                List.of(launcher.toString(), "call", LauncherDaemons.SERVER_NAME, EchomeshEcho.TASK, "hello"), runs));
    Measured<Double> inProcess;
    Measured<Double> external;
    Path handler = launcher.toAbsolutePath().getParent().resolve(HANDLER);
    Optional<Path> python = onPath("python3");
    if (python.isEmpty()) {
      external = Measured.missing("python3 is not on the PATH");
      inProcess = Measured.missing("not measured without the external handler to compare with");
    } else if (!Files.isRegularFile(handler)) {
      external = Measured.missing(handler + " is missing");
      inProcess = Measured.missing("not measured without the external handler to compare with");
    } else {
      progress.accept("cli: " + EchomeshEcho.TASK + " in-process beside " + EXTERNAL_TASK + " from " + HANDLER + ", "
          + calls() + " calls each");
      Process process = null;
      try {
        process = startHandler(python.get(), handler, daemons.serverDataDir(), directory);
        List<Double> inProcessMicros = new ArrayList<>();
        List<Double> externalMicros = new ArrayList<>();
        callAlternately(daemons.clientDataDir(), inProcessMicros, externalMicros);
        inProcess = Measured.of(new Samples(inProcessMicros).p50());
        external = Measured.of(new Samples(externalMicros).p50());
      } catch (BenchException e) {
        inProcess = Measured.missing(e.getMessage());
        external = Measured.missing(e.getMessage());
      } finally {
        if (process != null) {
          process.destroyForcibly();
        }
      }
    }
    return new CliResults(start, startWithoutArchive, curl, cliCall, inProcess, external);
  }

  private Process startHandler(Path python, Path handler, Path serverDataDir, Path directory) {
    Path stdout = directory.resolve("handler.out");
    ProcessBuilder builder =
        new ProcessBuilder(python.toString(), handler.toString())
            .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
            .redirectOutput(stdout.toFile())
            .redirectError(directory.resolve("handler.err").toFile());
    builder.environment().put("ECHOMESH_DATA_DIR", serverDataDir.toString());
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new BenchException("cannot start " + handler + ": " + e.getMessage(), e);
    }
    long deadline = System.nanoTime() + HANDLER_READY_TIMEOUT.toNanos();
    while (System.nanoTime() < deadline) {
      if (read(stdout).contains("serving " + EXTERNAL_TASK)) {
        return process;
      }
      if (!process.isAlive()) {
        throw new BenchException(handler + " exited with " + process.exitValue() + ": "
            + LanAgent.tail(read(directory.resolve("handler.err"))));
      }
      LockSupport.parkNanos(POLL_INTERVAL.toNanos());
    }
    process.destroyForcibly();
    throw new BenchException(handler + " did not register " + EXTERNAL_TASK + " within "
        + HANDLER_READY_TIMEOUT.toSeconds() + " s");
  }

  /**
   * Calls the two tasks in turn, unmeasured rounds first, then measured ones; each call on a
   * connection of its own, as examples/python/client.py makes (the connection's cost is the
   * same for both tasks, so it cancels out of the difference).
   */
  private void callAlternately(Path clientDataDir, List<Double> inProcessMicros, List<Double> externalMicros) {
    for (int round = 0; round < 2 * calls(); round++) {
      double echo = callMicros(clientDataDir, EchomeshEcho.TASK);
      double upper = callMicros(clientDataDir, EXTERNAL_TASK);
      if (round >= calls()) {
        inProcessMicros.add(echo);
        externalMicros.add(upper);
      }
    }
  }

  private static double callMicros(Path clientDataDir, String task) {
    long start = System.nanoTime();
    CallOutcome outcome;
    try (ControlClient client = ControlClient.connect(clientDataDir)) {
      outcome = client.call(LauncherDaemons.SERVER_NAME, task, PAYLOAD, BenchPlan.CALL_TIMEOUT);
    } catch (IOException e) {
      throw new BenchException("a call of " + task + " through the local API failed: " + e.getMessage(), e);
    }
    long nanos = System.nanoTime() - start;
    if (!outcome.result().isOk()) {
      throw new BenchException(task + " returned " + outcome.result());
    }
    return nanos / 1e3;
  }

  /** The executable {@code name} in a directory of the PATH, if any. */
  static Optional<Path> onPath(String name) {
    String path = System.getenv("PATH");
    if (path == null) {
      return Optional.empty();
    }
    return Stream.of(path.split(File.pathSeparator))
        .filter(dir -> !dir.isEmpty())
        .map(dir -> Path.of(dir, name))
        .filter(Files::isExecutable)
        .findFirst();
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path directory) {
    try (Stream<Path> paths = Files.walk(directory)) {
      paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot remove " + directory, e);
    }
  }
}
