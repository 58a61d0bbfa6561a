package dev.echomesh.agent.task.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.util.List;

/**
 * Receives files one after another into an {@link Inbox}, as {@link Inbox#receive} does, keeping
 * the directory of the last file open for the next one in the same directory: a batch of small
 * files (usually many per directory) then opens each directory once rather than every directory on
 * the way for every file. Every rule of {@link Inbox#receive} holds for each file. Holding a
 * directory open between files is no weaker than holding it for one file's transfer, which a
 * single put does too. One thread; close it after the last file (and after closing that file).
 */
public final class InboxBatch implements Closeable {

  private final Inbox inbox;
  private List<String> openSegments;
  private SecureDirectoryStream<Path> open;

  InboxBatch(Inbox inbox) {
    this.inbox = inbox;
  }

  /**
   * As {@link Inbox#receive}, for the next file of the batch. The previous file must be closed,
   * committed or discarded first.
   */
  public IncomingFile receive(FileOffer offer) throws IOException {
    inbox.checkSize(offer);
    List<String> segments = offer.name().parentSegments();
    if (open == null || !segments.equals(openSegments)) {
      close();
      open = inbox.directory().openParent(offer.name(), true);
      openSegments = segments;
    }
    return inbox.receiveInto(offer, new BorrowedDirectory(open));
  }

  /** Closes the directory kept open. Idempotent. */
  @Override
  public void close() throws IOException {
    if (open != null) {
      SecureDirectoryStream<Path> closing = open;
      open = null;
      openSegments = null;
      closing.close();
    }
  }
}
