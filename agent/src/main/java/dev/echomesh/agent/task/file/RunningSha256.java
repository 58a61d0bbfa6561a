package dev.echomesh.agent.task.file;

import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * A SHA-256 computed over bytes fed in order as they pass by (a file's bytes as they are sent),
 * so that nobody reads them a second time just to hash them. Not thread-safe; one reader feeds it.
 */
public final class RunningSha256 {

  private final MessageDigest digest = Sha256.newDigest();
  private long bytes;

  /** Adds {@code length} bytes of {@code data} from {@code offset}. */
  public void update(byte[] data, int offset, int length) {
    digest.update(data, offset, length);
    bytes += length;
  }

  /** Adds {@code data}'s remaining bytes (consuming them). */
  public void update(ByteBuffer data) {
    bytes += data.remaining();
    digest.update(data);
  }

  /** How many bytes were added. */
  public long bytes() {
    return bytes;
  }

  /** The SHA-256 of every byte added; the digest starts over afterwards. */
  public Sha256 finish() {
    bytes = 0;
    return Sha256.finish(digest);
  }
}
