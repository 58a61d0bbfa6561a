package dev.echomesh.tools.lan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Starting, waiting for and finding the processes of the virtual LAN. Public for the harness's own
 * tests (is a LAN's namespace empty? run a command outside it); the rest is used by the harness.
 */
public final class Processes {

  /** How often bounded waits on other processes look again. */
  private static final Duration POLL_INTERVAL = Duration.ofMillis(10);

  /** Where iproute2 lives on Debian-like systems, often not on a non-root user's PATH. */
  private static final String SYSTEM_BIN_DIRS = "/usr/local/sbin:/usr/sbin:/sbin";

  private static final AtomicLong SEQUENCE = new AtomicLong();

  private Processes() {}

  /**
   * Runs {@code argv} to completion with its output in scratch files.
   *
   * @param shownCommand the command as reported in the result and in errors
   * @throws IllegalStateException when it does not finish within {@code timeout}; it is then
   *     killed with everything it started
   */
  public static ExecResult run(List<String> argv, List<String> shownCommand, Path scratch, Duration timeout) {
    long n = SEQUENCE.incrementAndGet();
    Path out = scratch.resolve("exec-" + n + ".out");
    Path err = scratch.resolve("exec-" + n + ".err");
    try {
      Process process = builder(argv)
          .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
          .redirectOutput(out.toFile())
          .redirectError(err.toFile())
          .start();
      if (!waitFor(process, timeout)) {
        killTree(process.toHandle());
        throw new IllegalStateException("command " + shownCommand + " did not finish within "
            + timeout.toSeconds() + " s; stdout: " + read(out).strip() + "; stderr: " + read(err).strip());
      }
      return new ExecResult(shownCommand, process.exitValue(), read(out), read(err));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run " + shownCommand, e);
    } finally {
      deleteQuietly(out);
      deleteQuietly(err);
    }
  }

  /** A process builder for {@code argv} whose PATH also holds the system binary directories. */
  static ProcessBuilder builder(List<String> argv) {
    ProcessBuilder builder = new ProcessBuilder(argv);
    builder.environment().put("PATH", searchPath());
    return builder;
  }

  /** This JVM's PATH followed by the system binary directories. */
  static String searchPath() {
    String path = System.getenv("PATH");
    return path == null || path.isBlank() ? "/usr/bin:/bin:" + SYSTEM_BIN_DIRS : path + ":" + SYSTEM_BIN_DIRS;
  }

  /** Whether {@code command} is an executable in {@link #searchPath()}. */
  static boolean onPath(String command) {
    for (String dir : searchPath().split(":")) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, command))) {
        return true;
      }
    }
    return false;
  }

  /** Waits for {@code process} to exit; false if it is still running after {@code timeout}. */
  static boolean waitFor(Process process, Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for " + process.pid(), e);
    }
  }

  /**
   * The first child of {@code parent}, waiting up to {@code timeout} for it to appear; empty
   * when {@code parent} exits without one or the time runs out.
   */
  static Optional<ProcessHandle> awaitChild(ProcessHandle parent, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      Optional<ProcessHandle> child = parent.children().findFirst();
      if (child.isPresent() || !parent.isAlive() || System.nanoTime() - deadline > 0) {
        return child;
      }
      pause();
    }
  }

  /** Kills {@code root} and all its descendants with SIGKILL. */
  static void killTree(ProcessHandle root) {
    List<ProcessHandle> all = new ArrayList<>();
    root.descendants().forEach(all::add);
    all.add(root);
    all.forEach(ProcessHandle::destroyForcibly);
  }

  /**
   * The live processes of this machine inside the user namespace {@code namespace} (as read from
   * {@code /proc/PID/ns/user}, e.g. {@code user:[4026532]}). Processes whose namespace cannot be
   * read (gone, or someone else's) are not counted.
   */
  public static List<Long> processesInUserNamespace(String namespace) {
    return processesInNamespace("user", namespace);
  }

  /**
   * The live processes of this machine inside the namespace {@code namespace} of kind {@code kind}
   * (as read from {@code /proc/PID/ns/KIND}, e.g. {@code pid:[4026532]}). Processes whose namespace
   * cannot be read (gone, or someone else's) are not counted.
   */
  static List<Long> processesInNamespace(String kind, String namespace) {
    List<Long> found = new ArrayList<>();
    try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
      entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit))
          .forEach(p -> {
            try {
              if (Files.readSymbolicLink(p.resolve("ns").resolve(kind)).toString().equals(namespace)) {
                found.add(Long.parseLong(p.getFileName().toString()));
              }
            } catch (IOException | SecurityException e) {
              // Gone since the listing, or not ours: either way not a process of this LAN.
            }
          });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list /proc", e);
    }
    return found;
  }

  /** Waits up to {@code timeout} for the namespace to hold no process; returns those left. */
  static List<Long> awaitNamespaceEmpty(String kind, String namespace, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      List<Long> left = processesInNamespace(kind, namespace);
      if (left.isEmpty() || System.nanoTime() - deadline > 0) {
        return left;
      }
      pause();
    }
  }

  /** The file's text, or "" when it does not exist (yet). */
  static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A scratch file of an already finished command; the LAN directory removal retries.
    }
  }

  private static void pause() {
    try {
      Thread.sleep(POLL_INTERVAL.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for processes", e);
    }
  }
}
