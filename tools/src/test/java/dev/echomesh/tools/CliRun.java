package dev.echomesh.tools;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Runs the command line in process with captured streams, as tests need it. */
final class CliRun {

  static final Instant NOW = Instant.parse("2025-01-01T12:00:00Z");

  private final Map<String, String> env = new HashMap<>();
  private byte[] stdin = new byte[0];
  private boolean terminal;

  /** The result of one run. */
  record Result(int exitCode, byte[] stdoutBytes, String stderr) {
    String stdout() {
      return new String(stdoutBytes, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
      return "exit " + exitCode + "\n--- stdout\n" + stdout() + "--- stderr\n" + stderr;
    }
  }

  /** Commands use {@code dataDir} through ECHOMESH_DATA_DIR, as a user's shell would. */
  CliRun(Path dataDir) {
    env.put("ECHOMESH_DATA_DIR", dataDir.toString());
    env.put("HOME", dataDir.resolve("home").toString());
  }

  CliRun stdin(String text) {
    this.stdin = text.getBytes(StandardCharsets.UTF_8);
    return this;
  }

  CliRun terminal(boolean terminal) {
    this.terminal = terminal;
    return this;
  }

  Result run(String... args) {
    return start(args).result.join();
  }

  /** A command running on another thread, whose output can be read while it runs. */
  static final class Running {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final CompletableFuture<Result> result = new CompletableFuture<>();

    /** Everything printed on stdout so far. */
    String stdoutSoFar() {
      return out.toString(StandardCharsets.UTF_8);
    }
  }

  Running start(String... args) {
    Running running = new Running();
    CliContext context =
        new CliContext(
            new ByteArrayInputStream(stdin),
            new PrintStream(running.out, true, StandardCharsets.UTF_8),
            new PrintStream(running.err, true, StandardCharsets.UTF_8),
            env,
            Clock.fixed(NOW, ZoneOffset.UTC),
            terminal);
    Thread thread =
        new Thread(
            () -> {
              try {
                int exitCode = EchomeshCommand.commandLine(context, args).execute(args);
                context.stdout().flush();
                context.stderr().flush();
                running.result.complete(
                    new Result(
                        exitCode,
                        running.out.toByteArray(),
                        running.err.toString(StandardCharsets.UTF_8)));
              } catch (Throwable t) {
                running.result.completeExceptionally(t);
              }
            },
            "cli-" + String.join("-", args));
    thread.setDaemon(true);
    thread.start();
    return running;
  }
}
