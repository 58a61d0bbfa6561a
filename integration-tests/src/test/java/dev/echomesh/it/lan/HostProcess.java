package dev.echomesh.it.lan;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * A process running in a virtual host, its output captured to files.
 *
 * <p>The process is a child of an {@code nsenter} process of this JVM, so it can be signalled
 * from here; it also lives in the LAN's PID namespace, so closing the LAN kills it whatever
 * state it is in.
 */
public final class HostProcess {

  /** How long {@link #pid()} waits for the process to appear after starting. */
  private static final Duration APPEAR_TIMEOUT = Duration.ofSeconds(10);
  /** How long {@link #kill9()} waits for the process to be gone. */
  private static final Duration KILL_TIMEOUT = Duration.ofSeconds(10);

  private final VirtualHost host;
  private final List<String> command;
  private final Process nsenter;
  private final Path stdout;
  private final Path stderr;

  HostProcess(VirtualHost host, List<String> command, Process nsenter, Path stdout, Path stderr) {
    this.host = host;
    this.command = List.copyOf(command);
    this.nsenter = nsenter;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /** The host it runs in. */
  public VirtualHost host() {
    return host;
  }

  /** The argv it was started with. */
  public List<String> command() {
    return command;
  }

  /**
   * Its process ID as this JVM sees it (waiting briefly for it to appear right after start).
   *
   * @throws IllegalStateException if it exited before it could be seen
   */
  public long pid() {
    return target().map(ProcessHandle::pid)
        .orElseThrow(() -> new IllegalStateException(this + " is not running"));
  }

  /** Whether it still runs. */
  public boolean isAlive() {
    return nsenter.isAlive();
  }

  /** Its exit status once it has exited (128 + N after signal N). */
  public Optional<Integer> exitCode() {
    return nsenter.isAlive() ? Optional.empty() : Optional.of(nsenter.exitValue());
  }

  /** Stops it cleanly with {@link VirtualLan#STOP_TIMEOUT}. */
  public int stop() {
    return stop(VirtualLan.STOP_TIMEOUT);
  }

  /**
   * Sends SIGTERM and waits for it to exit.
   *
   * @return its exit status (143 when it simply died of SIGTERM)
   * @throws IllegalStateException if it had not exited after {@code timeout}; it is then killed
   */
  public int stop(Duration timeout) {
    target().ifPresent(ProcessHandle::destroy);
    if (!Processes.waitFor(nsenter, timeout)) {
      kill9();
      throw new IllegalStateException(this + " did not stop within " + timeout.toSeconds()
          + " s of SIGTERM and was killed; stderr: " + tail(stderr()));
    }
    return nsenter.exitValue();
  }

  /**
   * Kills it with SIGKILL, as {@code kill -9} would, and waits until it is gone.
   *
   * @return its exit status (137 when it was still running)
   */
  public int kill9() {
    target().ifPresent(ProcessHandle::destroyForcibly);
    if (!Processes.waitFor(nsenter, KILL_TIMEOUT)) {
      Processes.killTree(nsenter.toHandle());
      Processes.waitFor(nsenter, KILL_TIMEOUT);
    }
    return nsenter.exitValue();
  }

  /**
   * Waits for it to exit by itself.
   *
   * @return its exit status
   * @throws IllegalStateException if it still runs after {@code timeout}
   */
  public int waitFor(Duration timeout) {
    if (!Processes.waitFor(nsenter, timeout)) {
      throw new IllegalStateException(this + " still runs after " + timeout.toSeconds() + " s");
    }
    return nsenter.exitValue();
  }

  /** Everything it wrote to standard output so far. */
  public String stdout() {
    return Processes.read(stdout);
  }

  /** Everything it wrote to standard error so far. */
  public String stderr() {
    return Processes.read(stderr);
  }

  /** The file its standard output goes to. */
  public Path stdoutFile() {
    return stdout;
  }

  /** The file its standard error goes to. */
  public Path stderrFile() {
    return stderr;
  }

  @Override
  public String toString() {
    return host.name() + ":" + String.join(" ", command);
  }

  private Optional<ProcessHandle> target() {
    // nsenter forks once (to enter the PID namespace); its only child becomes the command.
    return Processes.awaitChild(nsenter.toHandle(), APPEAR_TIMEOUT);
  }

  private static String tail(String text) {
    int keep = 2000;
    return text.length() <= keep ? text.strip() : "..." + text.substring(text.length() - keep).strip();
  }
}
