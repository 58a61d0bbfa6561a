package dev.echomesh.agent.task.file;

import java.io.IOException;

/**
 * A file transfer refused or stopped for a reason the other side should hear about, as opposed to
 * an unexpected {@link IOException}. Each subclass carries the data of its reason; the task layer
 * maps them to call statuses in one place (a bad name or an unsafe path is INVALID, for example).
 */
public abstract sealed class FileTransferException extends IOException
    permits InvalidNameException,
        UnsafePathException,
        TargetExistsException,
        FileTooLargeException,
        InsufficientSpaceException,
        DiskFullException,
        ChecksumMismatchException,
        LengthMismatchException,
        TransferBusyException {

  private static final long serialVersionUID = 1L;

  FileTransferException(String message) {
    super(message);
  }

  FileTransferException(String message, Throwable cause) {
    super(message, cause);
  }
}
