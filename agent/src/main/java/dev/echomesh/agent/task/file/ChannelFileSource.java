package dev.echomesh.agent.task.file;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.security.MessageDigest;

/** A {@link FileSource} over an open {@link FileChannel}. */
final class ChannelFileSource implements FileSource {

  private final FileChannel channel;
  private final FileEntry entry;
  private long position;

  ChannelFileSource(FileChannel channel, FileEntry entry) {
    this.channel = channel;
    this.entry = entry;
  }

  @Override
  public FileEntry entry() {
    return entry;
  }

  @Override
  public long position() {
    return position;
  }

  @Override
  public void position(long offset) {
    if (offset < 0 || offset > entry.sizeBytes()) {
      throw new IllegalArgumentException("offset must be in [0, " + entry.sizeBytes() + "], got " + offset);
    }
    position = offset;
  }

  @Override
  public int read(ByteBuffer destination) throws IOException {
    long left = entry.sizeBytes() - position;
    if (left == 0) {
      return -1;
    }
    if (!destination.hasRemaining()) {
      return 0;
    }
    int oldLimit = destination.limit();
    if (destination.remaining() > left) {
      destination.limit(destination.position() + (int) left);
    }
    try {
      int read = channel.read(destination, position);
      if (read > 0) {
        position += read;
      }
      return read;
    } finally {
      destination.limit(oldLimit);
    }
  }

  @Override
  public Sha256 sha256(long offset, long length) throws IOException {
    requireRange(offset, length);
    MessageDigest digest = Sha256.newDigest();
    Sha256.update(digest, channel, offset, length, ByteBuffer.allocate((int) Math.min(Sha256.HASH_BUFFER_BYTES, Math.max(1, length))));
    return Sha256.finish(digest);
  }

  @Override
  public RunningSha256 runningSha256(long length) throws IOException {
    requireRange(0, length);
    RunningSha256 running = new RunningSha256();
    ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(Sha256.HASH_BUFFER_BYTES, Math.max(1, length)));
    for (long at = 0; at < length; ) {
      buffer.clear().limit((int) Math.min(buffer.capacity(), length - at));
      int read = channel.read(buffer, at);
      if (read < 0) {
        throw new EOFException("file ended at " + at + " bytes while hashing up to " + length);
      }
      running.update(buffer.flip());
      at += read;
    }
    return running;
  }

  private void requireRange(long offset, long length) {
    if (offset < 0 || length < 0 || offset + length > entry.sizeBytes()) {
      throw new IllegalArgumentException("range [" + offset + ", +" + length + ") is outside [0, "
          + entry.sizeBytes() + "]");
    }
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }
}
