package dev.echomesh.agent.task.transfer;

import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.task.file.ChecksumMismatchException;
import dev.echomesh.agent.task.file.DiskFullException;
import dev.echomesh.agent.task.file.FileTooLargeException;
import dev.echomesh.agent.task.file.FileTransferException;
import dev.echomesh.agent.task.file.InsufficientSpaceException;
import dev.echomesh.agent.task.file.InvalidNameException;
import dev.echomesh.agent.task.file.LengthMismatchException;
import dev.echomesh.agent.task.file.TargetExistsException;
import dev.echomesh.agent.task.file.TransferBusyException;
import dev.echomesh.agent.task.file.UnsafePathException;
import java.io.IOException;
import java.nio.file.NoSuchFileException;

/**
 * The one place where refusals of the file tasks become call statuses. A caller's mistake is
 * INVALID (bad name, unsafe path, bad header, wrong length, existing target without overwrite, too
 * large), a missing file NOT_FOUND, a transfer of the same file already running OVERLOADED (try
 * again later), and the receiver's own trouble FAILED (no room, disk full, content that does not
 * match its SHA-256, any other I/O error).
 */
public final class FileStatuses {

  private FileStatuses() {}

  /** The status for {@code e}. */
  public static TaskStatus statusOf(IOException e) {
    if (e instanceof FileTransferException f) {
      return transferStatus(f);
    }
    if (e instanceof BadHeaderException) {
      return TaskStatus.INVALID;
    }
    if (e instanceof NoSuchFileException) {
      return TaskStatus.NOT_FOUND;
    }
    return TaskStatus.FAILED;
  }

  /** {@code e} as an error result with a one-line message. */
  public static TaskResult resultOf(IOException e) {
    return TaskResult.error(statusOf(e), messageOf(e));
  }

  static String messageOf(IOException e) {
    if (e instanceof NoSuchFileException n) {
      return "no such file: " + n.getFile();
    }
    if (e instanceof DiskFullException || e instanceof InsufficientSpaceException) {
      return "the receiver's disk is full: " + e.getMessage();
    }
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }

  private static TaskStatus transferStatus(FileTransferException e) {
    if (e instanceof InvalidNameException || e instanceof UnsafePathException
        || e instanceof LengthMismatchException || e instanceof TargetExistsException
        || e instanceof FileTooLargeException) {
      return TaskStatus.INVALID;
    }
    if (e instanceof TransferBusyException) {
      return TaskStatus.OVERLOADED;
    }
    if (e instanceof InsufficientSpaceException || e instanceof DiskFullException
        || e instanceof ChecksumMismatchException) {
      return TaskStatus.FAILED;
    }
    throw new IllegalStateException("no status for " + e.getClass().getName());
  }
}
