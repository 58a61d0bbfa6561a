package dev.echomesh.agent.task.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.attribute.PosixFileAttributeView;
import java.security.MessageDigest;
import java.util.Objects;

/**
 * One file being received into an {@link Inbox}, fed chunk by chunk as they arrive.
 *
 * <p>Life cycle: {@link Inbox#receive} opens (or finds) the partial file and hashes what it holds
 * into a {@link #resumePoint()}; the caller tells the sender, which checks the prefix against its
 * own bytes; then {@link #startAt} with the resume point's length (prefix matched: continue there)
 * or 0 (no match: truncate and start over); then {@link #write} each chunk in order; then {@link
 * #commit} with the sender's SHA-256 of the whole file. {@link #close} at any point before commit
 * keeps the partial file for a later resume; {@link #discard} deletes it.
 *
 * <p>Commit verifies the SHA-256, gives the file its mode and renames it to the final name in the
 * same directory (atomic; an existing file is replaced only when the offer said overwrite), so that
 * after a crash or kill the name is either absent or names the complete file. When the inbox
 * {@linkplain Inbox#fsync() flushes}, the file is flushed ({@link FileChannel#force}) before the
 * rename and the directory after it, so that this holds after a power loss too.
 *
 * <p>Not thread-safe: one transfer feeds it. Every failure of {@link #write} or {@link #commit}
 * leaves it unusable except for {@link #close} and {@link #discard}.
 */
public final class IncomingFile implements Closeable {

  private enum State { OFFERED, WRITING, FAILED, FINISHED }

  private final Inbox inbox;
  private final FileOffer offer;
  private final SecureDirectoryStream<Path> parent;
  private final Path partSegment;
  private final Path finalSegment;
  private final FileChannel channel;
  private final ResumePoint resumePoint;
  private final MessageDigest prefixDigest;

  private MessageDigest digest;
  private long position;
  private long sinceSpaceCheck;
  private State state = State.OFFERED;

  IncomingFile(Inbox inbox, FileOffer offer, SecureDirectoryStream<Path> parent, Path partSegment,
      Path finalSegment, FileChannel channel, ResumePoint resumePoint, MessageDigest prefixDigest) {
    this.inbox = inbox;
    this.offer = offer;
    this.parent = parent;
    this.partSegment = partSegment;
    this.finalSegment = finalSegment;
    this.channel = channel;
    this.resumePoint = resumePoint;
    this.prefixDigest = prefixDigest;
  }

  public FileOffer offer() {
    return offer;
  }

  /** What the partial file held when this transfer began. */
  public ResumePoint resumePoint() {
    return resumePoint;
  }

  /** Bytes received so far, counting a resumed prefix. */
  public long position() {
    return position;
  }

  /** Bytes still to come. */
  public long remainingBytes() {
    return offer.sizeBytes() - position;
  }

  /**
   * Starts writing at {@code offset}: the resume point's length to continue after a prefix the
   * sender confirmed, or 0 to start over (the partial file is truncated).
   *
   * @throws IllegalArgumentException for any other offset
   * @throws InsufficientSpaceException when the bytes still to come do not fit above the reserve
   */
  public void startAt(long offset) throws IOException {
    requireState(State.OFFERED, "startAt");
    if (offset != 0 && offset != resumePoint.lengthBytes()) {
      throw new IllegalArgumentException("start at 0 or at the resume point " + resumePoint.lengthBytes()
          + ", not " + offset);
    }
    state = State.FAILED;
    if (offset == 0) {
      channel.truncate(0);
      digest = Sha256.newDigest();
    } else {
      digest = prefixDigest;
    }
    position = offset;
    inbox.spaceGuard().require(offer.name(), remainingBytes());
    state = State.WRITING;
  }

  /**
   * Appends {@code chunk}'s remaining bytes (consuming them).
   *
   * @throws LengthMismatchException when they would go past the declared size (nothing written)
   * @throws DiskFullException when the file system is out of space
   * @throws InsufficientSpaceException when a periodic re-check finds the rest no longer fits
   */
  public void write(ByteBuffer chunk) throws IOException {
    requireState(State.WRITING, "write");
    int length = chunk.remaining();
    if (length > remainingBytes()) {
      state = State.FAILED;
      throw new LengthMismatchException(offer.name(), offer.sizeBytes(), position + length);
    }
    ByteBuffer written = chunk.duplicate();
    int start = chunk.position();
    try {
      while (chunk.hasRemaining()) {
        channel.write(chunk, position + (chunk.position() - start));
      }
    } catch (IOException e) {
      state = State.FAILED;
      throw diskFullOr(e, length);
    } finally {
      // Hash exactly what reached the file, so the digest and the partial file stay in step.
      int done = chunk.position() - start;
      digest.update(written.limit(start + done));
      position += done;
    }
    sinceSpaceCheck += length;
    if (sinceSpaceCheck >= inbox.limits().spaceCheckIntervalBytes()) {
      sinceSpaceCheck = 0;
      try {
        inbox.spaceGuard().require(offer.name(), remainingBytes());
      } catch (IOException e) {
        state = State.FAILED;
        throw e;
      }
    }
  }

  /**
   * Verifies and publishes the file under its final name.
   *
   * @param expected the sender's SHA-256 of the whole file
   * @throws LengthMismatchException when fewer bytes than declared were written (still writable)
   * @throws ChecksumMismatchException when the content differs (the partial file is deleted)
   * @throws TargetExistsException when the name appeared meanwhile and overwrite was not asked
   *     (the partial file stays)
   * @throws DiskFullException when flushing runs out of space (the partial file stays)
   */
  public ReceivedFile commit(Sha256 expected) throws IOException {
    Objects.requireNonNull(expected, "expected");
    requireState(State.WRITING, "commit");
    if (position != offer.sizeBytes()) {
      throw new LengthMismatchException(offer.name(), offer.sizeBytes(), position);
    }
    state = State.FAILED;
    Sha256 actual = Sha256.finish(digest);
    if (!actual.equals(expected)) {
      discard();
      throw new ChecksumMismatchException(offer.name(), expected, actual);
    }
    if (inbox.fsync()) {
      try {
        channel.force(true);
      } catch (IOException e) {
        throw diskFullOr(e, 0);
      }
    }
    int mode = FileMode.forReceivedFile(offer.mode());
    parent.getFileAttributeView(partSegment, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
        .setPermissions(FileMode.toPermissions(mode));
    boolean replaced = inbox.publish(offer, parent, partSegment, finalSegment);
    if (inbox.fsync()) {
      inbox.syncDirectory(parent, offer.name());
    }
    state = State.FINISHED;
    close();
    return new ReceivedFile(offer.name(), offer.sizeBytes(), actual, mode, replaced);
  }

  /**
   * Deletes the partial file and closes; nothing of this transfer stays. Does nothing after a
   * commit; after {@link #close} it is too late (the partial file stays).
   */
  public void discard() throws IOException {
    if (!channel.isOpen()) {
      if (state == State.FINISHED) {
        return;
      }
      throw new IllegalStateException("discard of " + offer.name().printable() + " after close");
    }
    try {
      parent.deleteFile(partSegment);
    } finally {
      state = State.FINISHED;
      close();
    }
  }

  /** Closes without publishing; a partial file stays for a resume. Idempotent. */
  @Override
  public void close() throws IOException {
    if (!channel.isOpen()) {
      return;
    }
    if (state != State.FINISHED) {
      state = State.FAILED;
    }
    try {
      channel.close(); // releases the transfer's lock
    } finally {
      parent.close();
    }
  }

  private IOException diskFullOr(IOException failure, long attemptedBytes) {
    if (inbox.spaceGuard().isDiskFull(failure, attemptedBytes)) {
      return new DiskFullException(offer.name(), failure);
    }
    return failure;
  }

  private void requireState(State expected, String operation) {
    if (state != expected || !channel.isOpen()) {
      throw new IllegalStateException(operation + " needs state " + expected + ", the transfer of "
          + offer.name().printable() + " is " + (channel.isOpen() ? state : "closed"));
    }
  }
}
