package dev.echomesh.agent.task.file;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;

/** A SHA-256 digest as a value: 32 bytes, compared by content, shown as lower-case hex. */
public final class Sha256 {

  /** Digest length in bytes. */
  public static final int BYTES = 32;

  /** Buffer used when hashing a range of a file, in bytes: large reads, bounded memory. */
  static final int HASH_BUFFER_BYTES = 256 * 1024;

  private final byte[] bytes;

  private Sha256(byte[] bytes) {
    this.bytes = bytes;
  }

  /** The digest {@code bytes} (copied); must be 32 bytes. */
  public static Sha256 of(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != BYTES) {
      throw new IllegalArgumentException("a SHA-256 digest has 32 bytes, got " + bytes.length);
    }
    return new Sha256(bytes.clone());
  }

  /** The digest written as 64 hex digits (either case). */
  public static Sha256 ofHex(String hex) {
    Objects.requireNonNull(hex, "hex");
    if (hex.length() != 2 * BYTES) {
      throw new IllegalArgumentException("a SHA-256 digest has 64 hex digits, got " + hex.length());
    }
    return new Sha256(HexFormat.of().parseHex(hex));
  }

  /** The digest of {@code data}. */
  public static Sha256 digest(byte[] data) {
    return new Sha256(newDigest().digest(data));
  }

  /** A fresh SHA-256 {@link MessageDigest}. */
  static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every Java runtime has SHA-256", e);
    }
  }

  /** The finished digest of {@code digest} (which is reset). */
  static Sha256 finish(MessageDigest digest) {
    return new Sha256(digest.digest());
  }

  /**
   * Feeds {@code length} bytes of {@code channel} from {@code offset} into {@code digest} with
   * positional reads (the channel's position does not move), {@code buffer} at a time.
   *
   * @throws EOFException when the file ends before {@code offset + length}
   */
  static void update(MessageDigest digest, FileChannel channel, long offset, long length, ByteBuffer buffer)
      throws IOException {
    long position = offset;
    long end = offset + length;
    while (position < end) {
      buffer.clear();
      buffer.limit((int) Math.min(buffer.capacity(), end - position));
      int read = channel.read(buffer, position);
      if (read < 0) {
        throw new EOFException(
            "file ended at " + position + " bytes while hashing up to " + end);
      }
      buffer.flip();
      digest.update(buffer);
      position += read;
    }
  }

  /** A copy of the 32 bytes. */
  public byte[] bytes() {
    return bytes.clone();
  }

  /** 64 lower-case hex digits. */
  public String hex() {
    return HexFormat.of().formatHex(bytes);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Sha256 other && MessageDigest.isEqual(bytes, other.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return hex();
  }
}
