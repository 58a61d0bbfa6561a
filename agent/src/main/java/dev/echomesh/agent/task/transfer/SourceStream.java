package dev.echomesh.agent.task.transfer;

import dev.echomesh.agent.task.file.FileSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/** A {@link FileSource} from its position to its end as an {@link InputStream}, reporting progress. */
final class SourceStream extends InputStream {

  private final FileSource source;
  private final SendProgress progress;

  SourceStream(FileSource source, SendProgress progress) {
    this.source = source;
    this.progress = progress;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    int n = source.read(ByteBuffer.wrap(buffer, offset, length));
    if (n > 0) {
      progress.sent(n);
    }
    return n;
  }
}
