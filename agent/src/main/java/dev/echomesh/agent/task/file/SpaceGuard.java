package dev.echomesh.agent.task.file;

import java.io.IOException;
import java.util.Locale;

/** The free-space guard of one inbox: a reserve kept free, and telling a full disk from other errors. */
final class SpaceGuard {

  private final FreeSpace freeSpace;
  private final long reserveBytes;

  SpaceGuard(FreeSpace freeSpace, long reserveBytes) {
    this.freeSpace = freeSpace;
    this.reserveBytes = reserveBytes;
  }

  /** Refuses when writing {@code neededBytes} more would leave less than the reserve free. */
  void require(RelativeName name, long neededBytes) throws IOException {
    if (neededBytes <= 0) {
      return;
    }
    long usable = freeSpace.usableBytes();
    if (usable - reserveBytes < neededBytes) {
      throw new InsufficientSpaceException(name, neededBytes, usable, reserveBytes);
    }
  }

  /**
   * Whether {@code failure}, raised while writing or flushing {@code attemptedBytes}, means the
   * file store is full: its message is the C library's ENOSPC or EDQUOT text, or (for other
   * locales) the store has fewer usable bytes left than were being written.
   */
  boolean isDiskFull(IOException failure, long attemptedBytes) {
    String message = String.valueOf(failure.getMessage()).toLowerCase(Locale.ROOT);
    if (message.contains("no space left on device") || message.contains("disk quota exceeded")) {
      return true;
    }
    try {
      return freeSpace.usableBytes() < Math.max(1, attemptedBytes);
    } catch (IOException e) {
      failure.addSuppressed(e);
      return false;
    }
  }
}
