package dev.echomesh.agent.task.file;

/**
 * The received bytes do not hash to the sender's SHA-256. The partial file is deleted (its content
 * is wrong somewhere, so it cannot be resumed) and nothing appears under the final name.
 */
public final class ChecksumMismatchException extends FileTransferException {

  private static final long serialVersionUID = 1L;

  private final Sha256 expected;
  private final Sha256 actual;

  ChecksumMismatchException(RelativeName name, Sha256 expected, Sha256 actual) {
    super("SHA-256 of " + name.printable() + " is " + actual + ", the sender said " + expected
        + "; the partial file was deleted, send again");
    this.expected = expected;
    this.actual = actual;
  }

  public Sha256 expected() {
    return expected;
  }

  public Sha256 actual() {
    return actual;
  }
}
