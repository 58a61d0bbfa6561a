package dev.echomesh.agent.task.file;

/**
 * A valid name that leads somewhere a transfer must not go: through or onto a symbolic link, onto
 * a device, FIFO or socket, or through something that is not a directory. Nothing was read or
 * written. The task layer reports it as INVALID.
 */
public final class UnsafePathException extends FileTransferException {

  private static final long serialVersionUID = 1L;

  /** What was found on the way. */
  public enum Reason {
    /** A symbolic link, at any level: links are never followed, wherever they point. */
    SYMBOLIC_LINK,
    /** A device, FIFO or socket. */
    SPECIAL_FILE,
    /** A segment before the last is a file, not a directory. */
    NOT_A_DIRECTORY,
    /** The last segment is a directory where a regular file is needed. */
    NOT_A_REGULAR_FILE
  }

  private final String name;
  private final String at;
  private final Reason reason;

  UnsafePathException(RelativeName name, String at, Reason reason) {
    super("refused " + name.printable() + ": " + Printable.quote(at) + " is " + describe(reason));
    this.name = name.toString();
    this.at = at;
    this.reason = reason;
  }

  /** The name asked for. */
  public String name() {
    return name;
  }

  /** The leading segments, '/'-separated, up to and including the offending one. */
  public String at() {
    return at;
  }

  public Reason reason() {
    return reason;
  }

  private static String describe(Reason reason) {
    return switch (reason) {
      case SYMBOLIC_LINK -> "a symbolic link (links are never followed)";
      case SPECIAL_FILE -> "a device, FIFO or socket";
      case NOT_A_DIRECTORY -> "not a directory";
      case NOT_A_REGULAR_FILE -> "not a regular file";
    };
  }
}
