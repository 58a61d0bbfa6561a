package dev.echomesh.agent.task.file;

/**
 * The free-space guard said no: writing the bytes still to come would leave less than the
 * reserve free. Raised before the first byte and re-checked while writing (someone else may fill
 * the disk meanwhile). The partial file stays for a resume once space is freed.
 */
public final class InsufficientSpaceException extends FileTransferException {

  private static final long serialVersionUID = 1L;

  private final long neededBytes;
  private final long usableBytes;
  private final long reserveBytes;

  InsufficientSpaceException(RelativeName name, long neededBytes, long usableBytes, long reserveBytes) {
    super("not enough free space for " + name.printable() + ": " + neededBytes + " bytes to write, "
        + usableBytes + " usable, " + reserveBytes + " kept in reserve; free some space and resume");
    this.neededBytes = neededBytes;
    this.usableBytes = usableBytes;
    this.reserveBytes = reserveBytes;
  }

  /** Bytes still to write. */
  public long neededBytes() {
    return neededBytes;
  }

  /** Usable bytes on the file store when checked. */
  public long usableBytes() {
    return usableBytes;
  }

  /** Bytes the guard keeps free. */
  public long reserveBytes() {
    return reserveBytes;
  }
}
