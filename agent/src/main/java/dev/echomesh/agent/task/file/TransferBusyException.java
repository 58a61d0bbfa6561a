package dev.echomesh.agent.task.file;

/**
 * The partial file this transfer would write is in use by another transfer (the same sender
 * sending the same name and size twice at once, here or in another process holding its lock).
 * Retrying after the other transfer ends resumes where it stopped.
 */
public final class TransferBusyException extends FileTransferException {

  private static final long serialVersionUID = 1L;

  private final String name;

  TransferBusyException(RelativeName name) {
    super(name.printable() + " is being received from the same sender already; retry when that transfer ends");
    this.name = name.toString();
  }

  public String name() {
    return name;
  }
}
