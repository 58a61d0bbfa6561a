package dev.echomesh.agent;

import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A payload of {@code size} bytes made from a counter as it is read (never held), counting how
 * many bytes were read and hashing them, so a test can compare what was sent and received and
 * see how far reading ran ahead.
 */
final class CountingStream extends InputStream {

  private final long size;
  private final AtomicLong read = new AtomicLong();
  private final MessageDigest digest = sha256();

  CountingStream(long size) {
    this.size = size;
  }

  /** The byte at {@code position} of every such payload. */
  static byte byteAt(long position) {
    return (byte) (position ^ (position >>> 11) ^ (position >>> 23));
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public synchronized int read(byte[] b, int off, int len) {
    long at = read.get();
    if (at >= size) {
      return -1;
    }
    int n = (int) Math.min(len, size - at);
    for (int i = 0; i < n; i++) {
      b[off + i] = byteAt(at + i);
    }
    digest.update(b, off, n);
    read.addAndGet(n);
    return n;
  }

  /** Bytes handed out so far. */
  long bytesRead() {
    return read.get();
  }

  /** SHA-256 of every byte read; once, at the end. */
  synchronized byte[] sha256Digest() {
    return digest.digest();
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
