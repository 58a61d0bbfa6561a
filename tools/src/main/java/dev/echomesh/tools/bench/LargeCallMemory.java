package dev.echomesh.tools.bench;

import dev.echomesh.agent.control.CallOutcome;
import dev.echomesh.agent.control.ControlClient;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Whether an agent gives memory back after large payloads: two {@code echomesh agent} processes
 * on loopback started through the launcher ({@link LauncherDaemons}), their RSS when idle, then
 * {@value #ROUNDS} rounds of {@value #CONCURRENT_CALLS} concurrent {@code echo} calls of {@value
 * #PAYLOAD_BYTES} bytes from the client's local API to the server (each payload crosses both
 * agents twice), their RSS right after, and again {@link #FIRST_LOOK} and {@link #SECOND_LOOK}
 * later.
 */
final class LargeCallMemory {

  static final int PAYLOAD_BYTES = 16 * 1024 * 1024;
  /**
   * Calls at once: two 16 MiB payloads fill a link's buffer bound (32 MiB by default), past which
   * a call is OVERLOADED.
   */
  static final int CONCURRENT_CALLS = 2;
  static final int ROUNDS = 3;
  static final Duration FIRST_LOOK = Duration.ofSeconds(30);
  static final Duration SECOND_LOOK = Duration.ofSeconds(60);
  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);

  private final BenchPlan plan;
  private final Consumer<String> progress;

  LargeCallMemory(BenchPlan plan, Consumer<String> progress) {
    this.plan = plan;
    this.progress = progress;
  }

  /**
   * RSS of one agent around the large calls, in MiB.
   *
   * @param idleMiB settled, before any large call
   * @param afterMiB right after the last call returned
   * @param firstLookMiB {@link #FIRST_LOOK} after that
   * @param secondLookMiB {@link #SECOND_LOOK} after that
   */
  record Rss(double idleMiB, double afterMiB, double firstLookMiB, double secondLookMiB) {}

  /**
   * The figures of both agents.
   *
   * @param client the agent whose local API was called
   * @param server the agent that ran {@code echo}
   */
  record Results(Measured<Rss> client, Measured<Rss> server) {
    static Results skipped(String reason) {
      return new Results(Measured.missing(reason), Measured.missing(reason));
    }
  }

  Results measure() {
    Optional<Path> launcher = LauncherFlags.locate();
    if (launcher.isEmpty()) {
      return Results.skipped("no launcher script found (run ./echomesh bench from a source checkout, or set "
          + LauncherFlags.SCRIPT_ENV + ")");
    }
    Path directory;
    try {
      directory = Files.createTempDirectory("echomesh-bench-memory");
    } catch (IOException e) {
      return Results.skipped("no temporary directory: " + e.getMessage());
    }
    try (LauncherDaemons daemons = LauncherDaemons.start(launcher.get(), directory)) {
      return measure(daemons);
    } catch (BenchException e) {
      return Results.skipped(e.getMessage());
    } finally {
      delete(directory);
    }
  }

  private Results measure(LauncherDaemons daemons) {
    progress.accept("memory: two agents on loopback, idle RSS");
    sleep(plan.rssSettle());
    double clientIdle = ProcessRss.medianMib(daemons.clientPid());
    double serverIdle = ProcessRss.medianMib(daemons.serverPid());
    progress.accept("memory: " + ROUNDS + " rounds of " + CONCURRENT_CALLS + " concurrent echo calls of "
        + PAYLOAD_BYTES / (1024 * 1024) + " MiB");
    for (int round = 0; round < ROUNDS; round++) {
      callConcurrently(daemons.clientDataDir());
    }
    double clientAfter = ProcessRss.mib(daemons.clientPid());
    double serverAfter = ProcessRss.mib(daemons.serverPid());
    progress.accept("memory: RSS " + FIRST_LOOK.toSeconds() + " s and " + SECOND_LOOK.toSeconds() + " s later");
    long calmFrom = System.nanoTime();
    sleepUntil(calmFrom + FIRST_LOOK.toNanos());
    double clientFirst = ProcessRss.medianMib(daemons.clientPid());
    double serverFirst = ProcessRss.medianMib(daemons.serverPid());
    sleepUntil(calmFrom + SECOND_LOOK.toNanos());
    double clientSecond = ProcessRss.medianMib(daemons.clientPid());
    double serverSecond = ProcessRss.medianMib(daemons.serverPid());
    return new Results(
        Measured.of(new Rss(clientIdle, clientAfter, clientFirst, clientSecond)),
        Measured.of(new Rss(serverIdle, serverAfter, serverFirst, serverSecond)));
  }

  private static void callConcurrently(Path clientDataDir) {
    byte[] payload = new byte[PAYLOAD_BYTES];
    for (int i = 0; i < payload.length; i++) {
      payload[i] = (byte) (i * 31);
    }
    ExecutorService callers = Executors.newFixedThreadPool(CONCURRENT_CALLS);
    try {
      List<Future<CallOutcome>> calls = new ArrayList<>();
      for (int i = 0; i < CONCURRENT_CALLS; i++) {
        calls.add(callers.submit(() -> {
          try (ControlClient client = ControlClient.connect(clientDataDir)) {
            return client.call(LauncherDaemons.SERVER_NAME, EchomeshEcho.TASK, payload, CALL_TIMEOUT);
          }
        }));
      }
      for (Future<CallOutcome> call : calls) {
        CallOutcome outcome = call.get(CALL_TIMEOUT.toMillis() * 2, TimeUnit.MILLISECONDS);
        if (!outcome.result().isOk()) {
          throw new BenchException("a large echo call returned " + outcome.result());
        }
      }
    } catch (ExecutionException e) {
      throw new BenchException("a large echo call failed: " + e.getCause(), e);
    } catch (TimeoutException e) {
      throw new BenchException("a large echo call did not return within " + CALL_TIMEOUT.toSeconds() * 2 + " s", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted", e);
    } finally {
      callers.shutdownNow();
    }
  }

  private static void sleep(Duration duration) {
    sleepUntil(System.nanoTime() + duration.toNanos());
  }

  private static void sleepUntil(long nanos) {
    long wait = nanos - System.nanoTime();
    if (wait <= 0) {
      return;
    }
    try {
      TimeUnit.NANOSECONDS.sleep(wait);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new BenchException("interrupted", e);
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
