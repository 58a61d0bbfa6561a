package dev.echomesh.agent.task.transfer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echomesh.agent.io.BulkInputStream;
import dev.echomesh.agent.task.file.FileSource;
import dev.echomesh.agent.task.file.RunningSha256;
import dev.echomesh.agent.task.file.Sha256;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * The payload of a {@code file.put} whose SHA-256 comes last ({@link PutHeader#sha256Trailer()}):
 * the header line, the file's bytes from the source's position to its size, each hashed as it is
 * read, then the trailer line with the SHA-256 of the whole file. The file is read once.
 */
final class PutPayload extends BulkInputStream {

  private final FileSource source;
  private final RunningSha256 sha256;
  private final SendProgress progress;
  private byte[] framing;
  private int framingAt;
  private boolean bytesDone;
  private Sha256 result;

  /**
   * @param header the put's header, with {@code sha256Trailer}
   * @param source the file, positioned at the header's offset
   * @param sha256 already fed with the file's bytes before that offset
   * @param progress told of the file's bytes as they are read
   */
  PutPayload(PutHeader header, FileSource source, RunningSha256 sha256, SendProgress progress) {
    if (!header.sha256Trailer()) {
      throw new IllegalArgumentException("the header must announce the SHA-256 trailer");
    }
    if (sha256.bytes() != header.offset() || source.position() != header.offset()) {
      throw new IllegalArgumentException("the source and the digest must stand at the offset " + header.offset()
          + ", not at " + source.position() + " and " + sha256.bytes());
    }
    this.source = source;
    this.sha256 = sha256;
    this.progress = progress;
    this.framing = HeaderLine.bytes(header.toJson());
  }

  /** The SHA-256 of the whole file, once the trailer has been read; else empty. */
  Optional<Sha256> sha256() {
    return Optional.ofNullable(result);
  }

  @Override
  protected int readSome(byte[] buffer, int offset, int length) throws IOException {
    if (framing != null && framingAt < framing.length) {
      int n = Math.min(length, framing.length - framingAt);
      System.arraycopy(framing, framingAt, buffer, offset, n);
      framingAt += n;
      return n;
    }
    if (bytesDone) {
      return -1; // the trailer has been read
    }
    int n = source.read(ByteBuffer.wrap(buffer, offset, length));
    if (n > 0) {
      sha256.update(buffer, offset, n);
      progress.sent(n);
      return n;
    }
    long size = source.entry().sizeBytes();
    if (source.position() != size) {
      throw new IOException("the file ended at " + source.position() + " of its " + size + " bytes while it was"
          + " sent (it shrank); send it again");
    }
    bytesDone = true;
    result = sha256.finish();
    ObjectNode trailer = HeaderLine.object();
    trailer.put("sha256", result.hex());
    framing = HeaderLine.bytes(trailer);
    framingAt = 0;
    return readSome(buffer, offset, length);
  }
}
