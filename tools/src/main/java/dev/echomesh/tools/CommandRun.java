package dev.echomesh.tools;

import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a program for one call of {@code echomesh serve}: argv as given (never through a shell),
 * the payload on stdin, stdout as the result, a non-zero exit as FAILED with the tail of stderr.
 * The program and its descendants are killed at the deadline.
 */
final class CommandRun {

  /** Largest result read from stdout, in bytes: the largest payload a link frame carries. */
  static final int MAX_OUTPUT_BYTES = 16 * 1024 * 1024;
  /** How much of stderr a failure message keeps, in bytes (the end of it). */
  static final int STDERR_TAIL_BYTES = 1000;
  /** How long the program gets after its stdout closes to exit. */
  static final Duration EXIT_WAIT = Duration.ofSeconds(5);

  private CommandRun() {}

  /**
   * Runs {@code argv} with {@code payload} on stdin for at most {@code deadline}.
   *
   * @param running where the program is listed while it runs (so that a stopping {@code echomesh
   *     serve} can kill it)
   */
  static TaskResult run(
      List<String> argv, byte[] payload, Duration deadline, Set<Process> running) {
    Process process;
    try {
      process = new ProcessBuilder(argv).start();
    } catch (IOException e) {
      return TaskResult.error(
          TaskStatus.FAILED, "cannot start " + argv.get(0) + ": " + e.getMessage());
    }
    running.add(process);
    Thread stdin = daemon("serve-stdin", () -> write(process.getOutputStream(), payload));
    StderrTail stderr = new StderrTail(process.getErrorStream());
    Thread stderrReader = daemon("serve-stderr", stderr);
    AtomicBoolean killedAtDeadline = new AtomicBoolean();
    Thread killer =
        daemon("serve-deadline", () -> killAt(process, deadline, killedAtDeadline));
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      boolean tooLong = copy(process.getInputStream(), out);
      if (tooLong) {
        kill(process);
        return TaskResult.error(
            TaskStatus.FAILED, "the output is over " + MAX_OUTPUT_BYTES + " bytes");
      }
      if (!process.waitFor(EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
        kill(process);
        return TaskResult.error(TaskStatus.FAILED, "the program closed stdout but did not exit");
      }
      stderrReader.join(EXIT_WAIT.toMillis());
      if (killedAtDeadline.get()) {
        return TaskResult.error(
            TaskStatus.TIMEOUT, "killed at the caller's deadline (" + deadline.toMillis() + " ms)");
      }
      int exit = process.exitValue();
      if (exit != 0) {
        String tail = stderr.tail();
        return TaskResult.error(
            TaskStatus.FAILED, "exit code " + exit + (tail.isEmpty() ? "" : ": " + tail));
      }
      return TaskResult.ok(out.toByteArray());
    } catch (IOException e) {
      kill(process);
      return TaskResult.error(TaskStatus.FAILED, "reading the program's output failed: " + e);
    } catch (InterruptedException e) {
      kill(process);
      Thread.currentThread().interrupt();
      return TaskResult.error(TaskStatus.CANCELLED, "echomesh serve is stopping");
    } finally {
      killer.interrupt();
      stdin.interrupt();
      running.remove(process);
    }
  }

  /** Kills the program and everything it started. */
  static void kill(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    process.destroyForcibly();
  }

  private static void killAt(Process process, Duration deadline, AtomicBoolean killed) {
    try {
      if (!process.waitFor(deadline.toMillis(), TimeUnit.MILLISECONDS)) {
        killed.set(true);
        kill(process);
      }
    } catch (InterruptedException e) {
      // run() is done with the program.
    }
  }

  private static boolean copy(InputStream in, ByteArrayOutputStream out) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    for (int n; (n = in.read(buffer)) >= 0; ) {
      if (out.size() + n > MAX_OUTPUT_BYTES) {
        return true;
      }
      out.write(buffer, 0, n);
    }
    return false;
  }

  private static void write(OutputStream stdin, byte[] payload) {
    try (stdin) {
      stdin.write(payload);
    } catch (IOException e) {
      // The program closed its stdin early (it reads no input): not an error.
    }
  }

  private static Thread daemon(String name, Runnable body) {
    Thread thread = new Thread(body, name);
    thread.setDaemon(true);
    thread.start();
    return thread;
  }

  /** Drains stderr, keeping its last {@link #STDERR_TAIL_BYTES} bytes. */
  private static final class StderrTail implements Runnable {
    private final InputStream in;
    private final byte[] ring = new byte[STDERR_TAIL_BYTES];
    private long total;

    StderrTail(InputStream in) {
      this.in = in;
    }

    @Override
    public void run() {
      byte[] buffer = new byte[4096];
      try (in) {
        for (int n; (n = in.read(buffer)) >= 0; ) {
          synchronized (this) {
            for (int i = 0; i < n; i++) {
              ring[(int) (total++ % ring.length)] = buffer[i];
            }
          }
        }
      } catch (IOException e) {
        // The program is gone: keep what was read.
      }
    }

    synchronized String tail() {
      int length = (int) Math.min(total, ring.length);
      byte[] last = new byte[length];
      for (int i = 0; i < length; i++) {
        last[i] = ring[(int) ((total - length + i) % ring.length)];
      }
      return new String(last, StandardCharsets.UTF_8).strip().replace('\n', ' ');
    }
  }
}
