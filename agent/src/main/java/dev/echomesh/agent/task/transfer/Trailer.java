package dev.echomesh.agent.task.transfer;

import dev.echomesh.agent.task.file.IncomingFile;
import dev.echomesh.agent.task.file.LengthMismatchException;
import dev.echomesh.agent.task.file.Sha256;
import java.io.IOException;
import java.io.InputStream;

/**
 * The line that ends a {@code file.put} payload whose header announced it ({@link
 * PutHeader#sha256Trailer()}): {@code {"sha256": "<64 hex digits>"}} and a newline, right after the
 * file's last byte, with nothing after it.
 */
final class Trailer {

  private Trailer() {}

  /**
   * Reads the trailer that follows the bytes {@code file} received.
   *
   * @throws LengthMismatchException when the payload ended before the file's last byte
   * @throws BadHeaderException when the trailer is missing or malformed, or bytes follow it
   */
  static Sha256 read(InputStream payload, IncomingFile file) throws IOException {
    if (file.remainingBytes() > 0) {
      throw new LengthMismatchException(file.offer().name(), file.offer().sizeBytes(), file.position());
    }
    Sha256 sha256;
    try {
      sha256 = Fields.sha256(HeaderLine.read(payload), "sha256");
    } catch (BadHeaderException e) {
      throw new BadHeaderException("the SHA-256 trailer after the file's bytes: " + e.getMessage());
    }
    if (payload.read() >= 0) {
      throw new BadHeaderException("bytes follow the SHA-256 trailer; the payload must end with it");
    }
    return sha256;
  }
}
