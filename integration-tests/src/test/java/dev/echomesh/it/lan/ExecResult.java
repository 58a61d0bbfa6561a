package dev.echomesh.it.lan;

import java.util.List;

/**
 * What a command run in a virtual host returned.
 *
 * @param command the argv as run inside the host
 * @param exitCode the exit status; 128 + N when killed by signal N
 * @param stdout everything it wrote to standard output (UTF-8)
 * @param stderr everything it wrote to standard error (UTF-8)
 */
public record ExecResult(List<String> command, int exitCode, String stdout, String stderr) {

  public ExecResult {
    command = List.copyOf(command);
  }

  /** Whether the command exited with status 0. */
  public boolean ok() {
    return exitCode == 0;
  }

  /**
   * Returns this result when the command succeeded.
   *
   * @throws IllegalStateException naming the command, its status and its output otherwise
   */
  public ExecResult requireSuccess() {
    if (!ok()) {
      throw new IllegalStateException(
          "command " + command + " failed with status " + exitCode
              + "\nstdout: " + stdout.strip() + "\nstderr: " + stderr.strip());
    }
    return this;
  }
}
