package dev.echomesh.tools;

/**
 * A command failed in a way the user can act on: the message is printed as one line on stderr and
 * the process exits with {@link #exitCode()} (see {@link ExitCodes}).
 */
final class CliException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final int exitCode;

  CliException(int exitCode, String message) {
    super(message);
    this.exitCode = exitCode;
  }

  CliException(int exitCode, String message, Throwable cause) {
    super(message, cause);
    this.exitCode = exitCode;
  }

  int exitCode() {
    return exitCode;
  }

  /** A bad argument value: exit code {@value ExitCodes#USAGE}. */
  static CliException usage(String message) {
    return new CliException(ExitCodes.USAGE, message);
  }
}
