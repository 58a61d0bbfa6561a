package dev.echomesh.agent.io;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;

/**
 * An {@link InputStream} that reads through one method, {@link #readSome}: a one-byte {@link
 * #read()} reads through it, and a read of no bytes returns 0 without calling it.
 */
public abstract class BulkInputStream extends InputStream {

  /** Makes a stream; subclasses hold what it reads from. */
  protected BulkInputStream() {}

  /**
   * Reads up to {@code length} bytes into {@code buffer} from {@code offset}, blocking until at
   * least one is there.
   *
   * @param length at least 1, and within {@code buffer} from {@code offset}
   * @return how many bytes were read, at least 1; -1 at the end of the stream
   */
  protected abstract int readSome(byte[] buffer, int offset, int length) throws IOException;

  @Override
  public final int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public final int read(byte[] buffer, int offset, int length) throws IOException {
    Objects.checkFromIndexSize(offset, length, buffer.length);
    if (length == 0) {
      return 0;
    }
    return readSome(buffer, offset, length);
  }
}
