package dev.echomesh.agent.task.file;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A regular file opened for sending, read in chunks into the caller's buffers so that no file is
 * ever held whole. Reads stop at the size the file had when opened: a file that grows meanwhile
 * sends only that many bytes, one that shrinks ends early (and the receiver's length check fails).
 * Not thread-safe; one sender reads it.
 */
public interface FileSource extends Closeable {

  /** The file as it was when opened. */
  FileEntry entry();

  /** Bytes before the next {@link #read}. */
  long position();

  /** Moves the next read to {@code offset} (0 to {@code entry().sizeBytes()}), e.g. to resume. */
  void position(long offset) throws IOException;

  /**
   * Reads the next bytes into {@code destination} (up to its remaining space).
   *
   * @return bytes read, or -1 at the end
   */
  int read(ByteBuffer destination) throws IOException;

  /**
   * SHA-256 of {@code length} bytes from {@code offset}, read in fixed-size chunks without moving
   * {@link #position()}: the sender's side of a resume check.
   */
  Sha256 sha256(long offset, long length) throws IOException;

  /**
   * A running SHA-256 fed with the first {@code length} bytes (read in fixed-size chunks without
   * moving {@link #position()}), to go on with the bytes read from there: the whole file's
   * digest for a transfer that resumes at {@code length}.
   */
  RunningSha256 runningSha256(long length) throws IOException;

  /** SHA-256 of the whole file (its size when opened). */
  default Sha256 sha256() throws IOException {
    return sha256(0, entry().sizeBytes());
  }
}
