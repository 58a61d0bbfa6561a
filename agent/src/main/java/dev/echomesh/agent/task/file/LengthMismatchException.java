package dev.echomesh.agent.task.file;

/**
 * The bytes sent do not add up to the declared size: more than declared arrived (refused before
 * writing them) or the transfer was committed short. The partial file keeps what was written.
 */
public final class LengthMismatchException extends FileTransferException {

  private static final long serialVersionUID = 1L;

  private final long declaredBytes;
  private final long actualBytes;

  /**
   * @param declaredBytes the size the offer declared
   * @param actualBytes the bytes that arrived (at least, when more than declared)
   */
  public LengthMismatchException(RelativeName name, long declaredBytes, long actualBytes) {
    super(name.printable() + " was declared with " + declaredBytes + " bytes but "
        + (actualBytes > declaredBytes ? "at least " : "") + actualBytes + " were sent");
    this.declaredBytes = declaredBytes;
    this.actualBytes = actualBytes;
  }

  public long declaredBytes() {
    return declaredBytes;
  }

  /** Bytes received, or for an overrun the length the offending write would have reached. */
  public long actualBytes() {
    return actualBytes;
  }
}
