package dev.echomesh.agent.task.transfer;

import dev.echomesh.agent.io.BulkInputStream;
import dev.echomesh.agent.task.file.FileSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/** A {@link FileSource} from its position to its end as an {@link InputStream}, reporting progress. */
final class SourceStream extends BulkInputStream {

  private final FileSource source;
  private final SendProgress progress;

  SourceStream(FileSource source, SendProgress progress) {
    this.source = source;
    this.progress = progress;
  }

  @Override
  protected int readSome(byte[] buffer, int offset, int length) throws IOException {
    int n = source.read(ByteBuffer.wrap(buffer, offset, length));
    if (n > 0) {
      progress.sent(n);
    }
    return n;
  }
}
