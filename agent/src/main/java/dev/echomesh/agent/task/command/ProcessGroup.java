package dev.echomesh.agent.task.command;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A program running as the leader of its own process group, so that it and every process it
 * starts can be signalled at once, including children that ignore SIGTERM.
 *
 * <p>Java cannot call {@code setsid(2)} or signal a group, so both go through small programs:
 * the command starts as {@code setsid PROGRAM ARGS...} (util-linux), which calls setsid() and
 * then execs the program in place. A child of the JVM is never a group leader, so setsid does
 * not fork, and the pid Java sees is the group's ID. Groups are signalled with
 * {@code kill -s SIG -- -PGID} (procps or util-linux). Until setsid() has run there is no group
 * of that ID and the group signal finds nothing, which is why {@link #stop} also kills the
 * leader by pid.
 *
 * <p>A process that calls setsid() itself leaves the group; {@link #stop} also kills the
 * descendants of the leader it sees at that moment, which catches such a process while its
 * parent lives. One that leaves the group and is orphaned (a daemon's double fork) escapes; a
 * service manager's cgroup (systemd's {@code KillMode=control-group}) catches those too.
 */
final class ProcessGroup {

  /** How long {@link #stop} waits after SIGTERM before SIGKILL: time to clean up, not to finish. */
  static final Duration TERM_GRACE = Duration.ofSeconds(1);
  /** How often {@link #stop} looks whether the processes it sent SIGTERM to are gone. */
  private static final Duration EXIT_POLL = Duration.ofMillis(10);
  /** How long one {@code kill} program may take. */
  private static final Duration KILL_PROGRAM_TIMEOUT = Duration.ofSeconds(5);

  private static final Logger log = LoggerFactory.getLogger(ProcessGroup.class);

  private final Tools tools;
  private final Process leader;

  private ProcessGroup(Tools tools, Process leader) {
    this.tools = tools;
    this.leader = leader;
  }

  /**
   * The helper programs, found at fixed paths (never through PATH).
   *
   * @param setsid util-linux {@code setsid}
   * @param kill a {@code kill} that signals a group given as a negative ID
   */
  record Tools(Path setsid, Path kill) {
    private static final List<Path> SETSID = List.of(Path.of("/usr/bin/setsid"), Path.of("/bin/setsid"));
    private static final List<Path> KILL = List.of(Path.of("/usr/bin/kill"), Path.of("/bin/kill"));

    /**
     * @throws IllegalStateException naming what is missing and how to get it
     */
    static Tools find() {
      return new Tools(first(SETSID, "setsid"), first(KILL, "kill"));
    }

    private static Path first(List<Path> candidates, String program) {
      return candidates.stream().filter(Files::isExecutable).findFirst().orElseThrow(() -> new IllegalStateException(
          "command tasks need the program '" + program + "' at one of " + candidates
              + " (Linux, package util-linux or procps)"));
    }
  }

  /**
   * Starts {@code argv} in a new process group with exactly {@code environment}.
   *
   * @param workdir where it starts; null = the agent's working directory
   * @throws IOException when the helper cannot start (a missing program shows as an exit code
   *     and a message on stderr instead, from setsid)
   */
  static ProcessGroup start(Tools tools, List<String> argv, Path workdir, Map<String, String> environment)
      throws IOException {
    List<String> command = new ArrayList<>(argv.size() + 1);
    command.add(tools.setsid().toString());
    command.addAll(argv);
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(environment);
    if (workdir != null) {
      builder.directory(workdir.toFile());
    }
    return new ProcessGroup(tools, builder.start());
  }

  /** The group leader: the program itself once setsid has exec'd it. */
  Process leader() {
    return leader;
  }

  /** The group's ID, which is the leader's pid. */
  long id() {
    return leader.pid();
  }

  /**
   * Ends the whole group: SIGTERM to every member and to the leader's descendants, up to
   * {@link #TERM_GRACE} for the leader and those descendants to exit, then SIGKILL to all that
   * are left. Returns when the leader has exited (or the kill program's timeout passed). Not
   * interruptible: an interrupt is kept for the caller.
   */
  void stop() {
    // The descendants include processes that left the group (a setsid of their own).
    List<ProcessHandle> tree = leader.descendants().toList();
    signalGroup("TERM");
    tree.forEach(ProcessHandle::destroy);
    if (!Uninterruptibly.awaitExit(leader, tree, TERM_GRACE)) {
      log.debug("Process group {} is still running {} after SIGTERM; killing it", id(), TERM_GRACE);
    }
    killRemaining();
    // ProcessHandle checks the start time, so a pid reused meanwhile is left alone.
    tree.forEach(ProcessHandle::destroyForcibly);
  }

  /**
   * SIGKILL to every member of the group, and to the leader by pid in case the group does not
   * exist yet; then waits for the leader to be gone. Used after a normal exit too: a command
   * task leaves nothing running behind it.
   */
  void killRemaining() {
    signalGroup("KILL");
    leader.destroyForcibly();
    if (!Uninterruptibly.waitFor(leader, KILL_PROGRAM_TIMEOUT)) {
      log.warn("Process {} survived SIGKILL for {}; it may be stuck in the kernel (uninterruptible I/O)",
          id(), KILL_PROGRAM_TIMEOUT);
    }
  }

  private void signalGroup(String signal) {
    ProcessBuilder kill = new ProcessBuilder(tools.kill().toString(), "-s", signal, "--", "-" + id())
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .redirectError(ProcessBuilder.Redirect.DISCARD);
    kill.environment().clear();
    try {
      Process process = kill.start();
      if (!Uninterruptibly.waitFor(process, KILL_PROGRAM_TIMEOUT)) {
        process.destroyForcibly();
        log.warn("'{} -s {} -- -{}' did not end within {}", tools.kill(), signal, id(), KILL_PROGRAM_TIMEOUT);
      }
      // Exit code 1 means "no such process group": already gone, or setsid has not run yet.
    } catch (IOException e) {
      log.warn("Cannot run {} to send SIG{} to process group {}: {}", tools.kill(), signal, id(), e.getMessage());
    }
  }

  /** Waits that finish their cleanup even when the thread is interrupted, then restore the flag. */
  static final class Uninterruptibly {
    private Uninterruptibly() {}

    /**
     * Whether {@code leader} and every one of {@code others} exited within {@code timeout},
     * checked every {@link #EXIT_POLL} (the others are not our children: nothing tells us when
     * they end).
     */
    static boolean awaitExit(Process leader, List<ProcessHandle> others, Duration timeout) {
      boolean interrupted = false;
      long deadline = System.nanoTime() + timeout.toNanos();
      try {
        while (leader.isAlive() || others.stream().anyMatch(ProcessHandle::isAlive)) {
          long left = deadline - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          try {
            TimeUnit.NANOSECONDS.sleep(Math.min(left, EXIT_POLL.toNanos()));
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
        return true;
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }

    /** Whether {@code process} exited within {@code timeout}. */
    static boolean waitFor(Process process, Duration timeout) {
      boolean interrupted = false;
      long deadline = System.nanoTime() + timeout.toNanos();
      try {
        while (true) {
          try {
            return process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
          } catch (InterruptedException e) {
            interrupted = true;
          }
        }
      } finally {
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }
}
