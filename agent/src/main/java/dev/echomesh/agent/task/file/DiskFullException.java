package dev.echomesh.agent.task.file;

import java.io.IOException;

/**
 * The file system refused a write or flush for lack of space (ENOSPC or a quota) although the
 * guard had let it start. No file appears under the final name; the partial file stays for a
 * resume once space is freed.
 */
public final class DiskFullException extends FileTransferException {

  private static final long serialVersionUID = 1L;

  private final String name;

  DiskFullException(RelativeName name, IOException cause) {
    super("the disk is full while receiving " + name.printable() + " (" + cause.getMessage()
        + "); free some space and resume", cause);
    this.name = name.toString();
  }

  public String name() {
    return name;
  }
}
