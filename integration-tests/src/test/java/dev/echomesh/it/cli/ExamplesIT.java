package dev.echomesh.it.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The examples of {@code examples/} against live agents on 127.0.0.1: the Python handler serves
 * {@code py.upper} through beta's local API; the Python client and the curl script call it (and a
 * built-in task) through alpha's.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExamplesIT {

  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir static Path temp;
  private Path examples;
  private Path alphaDir;
  private Path betaDir;
  private AgentProcess alpha;
  private AgentProcess beta;
  private Process handler;

  @BeforeAll
  void startMeshAndHandler() throws Exception {
    assumeTrue(onPath("python3") && onPath("curl"), "the examples need python3 and curl");
    examples = findExamples();
    alphaDir = temp.resolve("alpha");
    betaDir = temp.resolve("beta");
    Echomesh.Result init = Echomesh.run(temp, "init", "--data-dir", alphaDir.toString());
    assertEquals(0, init.exitCode(), init.toString());
    Echomesh.Result join =
        Echomesh.run(temp, "join", "--data-dir", betaDir.toString(), init.stdout().strip());
    assertEquals(0, join.exitCode(), join.toString());
    alpha = AgentProcess.start(alphaDir, "alpha");
    beta = AgentProcess.start(betaDir, "beta", alpha.peerAddress());
    await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(300))
        .until(() -> run(alphaDir, "sh", "curl/call.sh", "beta", "echo", "up").stdout().equals("up"));

    Path handlerOut = temp.resolve("handler.out");
    ProcessBuilder builder =
        new ProcessBuilder("python3", examples.resolve("python/handler.py").toString())
            .redirectOutput(handlerOut.toFile())
            .redirectErrorStream(true);
    builder.environment().put("ECHOMESH_DATA_DIR", betaDir.toString());
    handler = builder.start();
    await()
        .atMost(WAIT)
        .until(() -> Files.readString(handlerOut).contains("serving py.upper"));
  }

  @AfterAll
  void stopAll() throws InterruptedException {
    if (handler != null) {
      handler.destroy();
      if (!handler.waitFor(10, TimeUnit.SECONDS)) {
        handler.destroyForcibly();
      }
    }
    if (beta != null) {
      beta.close();
    }
    if (alpha != null) {
      alpha.close();
    }
  }

  @Test
  void pythonClient_callsThePythonHandlerOnThePeer() throws Exception {
    Echomesh.Result result =
        run(alphaDir, "python3", "python/client.py", "beta", "py.upper", "hello examples");
    assertEquals(0, result.exitCode(), result.toString());
    assertEquals("HELLO EXAMPLES\n", result.stdout());
  }

  @Test
  void pythonClient_unknownTask_statusOnStderrExitOne() throws Exception {
    Echomesh.Result result = run(alphaDir, "python3", "python/client.py", "beta", "nosuch", "x");
    assertEquals(1, result.exitCode(), result.toString());
    assertTrue(result.stderr().startsWith("NOT_FOUND: "), result.toString());
  }

  @Test
  void curlScript_callsTheHandlerAndABuiltInTask() throws Exception {
    Echomesh.Result upper = run(alphaDir, "sh", "curl/call.sh", "beta", "py.upper", "abc");
    assertEquals(0, upper.exitCode(), upper.toString());
    assertEquals("ABC", upper.stdout());
    Echomesh.Result reverse = run(alphaDir, "sh", "curl/call.sh", "beta", "reverse", "hello");
    assertEquals("olleh", reverse.stdout());
  }

  @Test
  void curlScript_unknownPeer_jsonErrorAndCurlsHttpErrorCode() throws Exception {
    Echomesh.Result result = run(alphaDir, "sh", "curl/call.sh", "nobody", "echo", "x");
    assertEquals(22, result.exitCode(), result.toString());
    assertTrue(result.stdout().contains("\"error\":\"peer_not_found\""), result.toString());
  }

  @Test
  void tasks_listTheHandlersTaskAsExternal() throws Exception {
    Echomesh.Result result = Echomesh.run(temp, "tasks", "--data-dir", betaDir.toString());
    assertEquals(0, result.exitCode(), result.toString());
    assertTrue(
        result.stdout().lines().anyMatch(line -> line.startsWith("py.upper")
            && line.contains("external program") && line.contains("upper-cases text (Python)")),
        result.toString());
  }

  /** Runs an example from the examples directory with ECHOMESH_DATA_DIR set. */
  private Echomesh.Result run(Path dataDir, String... command)
      throws IOException, InterruptedException {
    Path out = Files.createTempFile(temp, "out", ".txt");
    Path err = Files.createTempFile(temp, "err", ".txt");
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(examples.toFile())
            .redirectOutput(out.toFile())
            .redirectError(err.toFile());
    builder.environment().put("ECHOMESH_DATA_DIR", dataDir.toString());
    Process process = builder.start();
    if (!process.waitFor(Echomesh.COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError(String.join(" ", command) + " did not end in time");
    }
    return new Echomesh.Result(
        process.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }

  private static Path findExamples() {
    for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
      if (Files.isDirectory(dir.resolve("examples/python"))) {
        return dir.resolve("examples");
      }
    }
    throw new AssertionError("no examples/ directory above " + Path.of("").toAbsolutePath());
  }

  private static boolean onPath(String program) {
    List<String> dirs = new ArrayList<>(List.of(System.getenv("PATH").split(":")));
    return dirs.stream().anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
  }
}
