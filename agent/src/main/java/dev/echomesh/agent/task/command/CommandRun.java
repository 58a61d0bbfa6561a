package dev.echomesh.agent.task.command;

import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of a command: starts the program in its own process group, feeds stdin and drains
 * stdout and stderr on three threads of their own, waits for the first of exit, output cap and
 * time limit, and kills every process of the group the program leaves behind.
 */
final class CommandRun {

  /** How much of stderr a failure message shows: its last bytes. */
  static final int STDERR_TAIL_BYTES = 1024;
  /** After the group is gone, how long its pipes may take to reach end-of-stream. */
  private static final Duration OUTPUT_DRAIN = Duration.ofSeconds(1);
  /**
   * After a normal exit, how long to wait for stdout and stderr to close with it. When they do,
   * the result is known and the caller gets it before the group is swept for leftovers (a
   * {@code kill} process, a few milliseconds); when something still holds them, the group is
   * killed first.
   */
  private static final Duration PIPE_CLOSE_WAIT = Duration.ofMillis(50);

  private static final Logger log = LoggerFactory.getLogger(CommandRun.class);

  /** Why the wait for the program ended. */
  private enum Ending {
    /** The program exited by itself (any exit code). */
    EXITED,
    /** It wrote more stdout than the cap allows. */
    OUTPUT_CAP,
    /** Its time limit passed. */
    TIME_LIMIT
  }

  /**
   * What one run gets.
   *
   * @param limit how long it may run
   * @param limitName what the limit is, for the TIMEOUT message ("its timeout of 5s")
   */
  record Launch(ProcessGroup.Tools tools, List<String> argv, Path workdir, Map<String, String> environment,
      byte[] stdin, long maxOutputBytes, Duration limit, String limitName, String threadPrefix) {}

  private CommandRun() {}

  /**
   * Runs the program to its end. When it exits by itself with its pipes closed, the result is
   * returned at once and what it may have left in its group is killed on another thread a few
   * milliseconds later (a {@code kill} process); otherwise no process of the run is left when
   * this returns.
   *
   * @throws InterruptedException when the calling thread is interrupted (the call was
   *     cancelled); the process group has been stopped by then
   */
  static TaskResult run(Launch launch) throws InterruptedException {
    if (launch.workdir() != null && !Files.isDirectory(launch.workdir())) {
      return TaskResult.error(TaskStatus.FAILED, "cannot start " + launch.argv().get(0) + ": its workdir "
          + launch.workdir() + " is not a directory");
    }
    ProcessGroup group;
    try {
      group = ProcessGroup.start(launch.tools(), launch.argv(), launch.workdir(), launch.environment());
    } catch (IOException e) {
      return TaskResult.error(TaskStatus.FAILED, "cannot start " + launch.argv().get(0) + ": " + e.getMessage());
    }
    CompletableFuture<Ending> ending = new CompletableFuture<>();
    group.leader().onExit().thenRun(() -> ending.complete(Ending.EXITED));
    OutputReader stdout = OutputReader.capped(group.leader().getInputStream(), launch.maxOutputBytes(),
        () -> ending.complete(Ending.OUTPUT_CAP)).start(launch.threadPrefix() + "-stdout");
    OutputReader stderr = OutputReader.tail(group.leader().getErrorStream(), STDERR_TAIL_BYTES)
        .start(launch.threadPrefix() + "-stderr");
    writeStdin(group.leader().getOutputStream(), launch.stdin(), launch.threadPrefix() + "-stdin");

    Ending end = await(ending, launch.limit(), group);
    if (end == Ending.EXITED && stdout.awaitEnd(PIPE_CLOSE_WAIT) && stderr.awaitEnd(PIPE_CLOSE_WAIT)) {
      daemon(launch.threadPrefix() + "-sweep", group::killRemaining);
      return result(launch, end, group, stdout, stderr);
    }
    if (end == Ending.EXITED) {
      group.killRemaining();
    } else {
      group.stop();
    }
    stdout.awaitEnd(OUTPUT_DRAIN);
    stderr.awaitEnd(OUTPUT_DRAIN);
    return result(launch, end, group, stdout, stderr);
  }

  /** The first of exit, output cap and time limit; stops the group when interrupted. */
  private static Ending await(CompletableFuture<Ending> ending, Duration limit, ProcessGroup group)
      throws InterruptedException {
    try {
      return ending.get(limit.toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      return Ending.TIME_LIMIT;
    } catch (InterruptedException e) {
      group.stop();
      throw e;
    } catch (ExecutionException e) {
      group.stop();
      throw new IllegalStateException("waiting for process " + group.id() + " failed", e.getCause());
    }
  }

  private static TaskResult result(Launch launch, Ending end, ProcessGroup group, OutputReader stdout,
      OutputReader stderr) {
    String tail = stderrTail(stderr.bytes());
    if (end == Ending.TIME_LIMIT) {
      return TaskResult.error(TaskStatus.TIMEOUT, "killed after " + launch.limitName() + tail);
    }
    if (stdout.overflowed()) {
      return TaskResult.error(TaskStatus.FAILED, "killed: stdout passed its cap of " + launch.maxOutputBytes()
          + " bytes (max-output)" + tail);
    }
    int exitCode = group.leader().exitValue();
    if (exitCode != 0) {
      return TaskResult.error(TaskStatus.FAILED, "exit code " + exitCode + tail);
    }
    if (!stdout.awaitEnd(Duration.ZERO)) {
      return TaskResult.error(TaskStatus.FAILED, "exited with code 0, but a process it started left its process"
          + " group and still holds its stdout open");
    }
    return TaskResult.ok(stdout.bytes());
  }

  private static void daemon(String name, Runnable work) {
    Thread thread = new Thread(work, name);
    thread.setDaemon(true);
    thread.start();
  }

  /** Writes {@code bytes} to the program's stdin on a thread of its own, then closes it. */
  private static void writeStdin(OutputStream stdin, byte[] bytes, String threadName) {
    daemon(threadName, () -> {
      try (stdin) {
        stdin.write(bytes);
      } catch (IOException e) {
        // A program need not read its stdin; it may exit (or be killed) first: a broken pipe.
        log.debug("Writing a command's stdin ended early: {}", e.toString());
      }
    });
  }

  /**
   * "; stderr: ..." with the last bytes of stderr on one line (line breaks shown as " | ",
   * other control characters as '?'), or "" when there were none.
   */
  static String stderrTail(byte[] tail) {
    String text = new String(tail, StandardCharsets.UTF_8).strip();
    if (text.isEmpty()) {
      return "";
    }
    StringBuilder line = new StringBuilder(text.length());
    text.lines().map(String::strip).filter(l -> !l.isEmpty()).forEach(l -> {
      if (line.length() > 0) {
        line.append(" | ");
      }
      l.codePoints().forEach(c -> line.appendCodePoint(c == '\t' || !Character.isISOControl(c) ? c : '?'));
    });
    return "; stderr: " + (tail.length >= STDERR_TAIL_BYTES ? "..." : "") + line;
  }
}
