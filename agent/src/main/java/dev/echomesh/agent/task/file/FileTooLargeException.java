package dev.echomesh.agent.task.file;

/** A declared size above the receiver's {@link ReceiveLimits#maxFileBytes()}. */
public final class FileTooLargeException extends FileTransferException {

  private static final long serialVersionUID = 1L;

  private final long sizeBytes;
  private final long maxFileBytes;

  FileTooLargeException(RelativeName name, long sizeBytes, long maxFileBytes) {
    super(name.printable() + " has " + sizeBytes + " bytes, more than this receiver's limit of " + maxFileBytes);
    this.sizeBytes = sizeBytes;
    this.maxFileBytes = maxFileBytes;
  }

  public long sizeBytes() {
    return sizeBytes;
  }

  public long maxFileBytes() {
    return maxFileBytes;
  }
}
