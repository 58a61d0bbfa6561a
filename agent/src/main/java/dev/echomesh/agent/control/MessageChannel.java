package dev.echomesh.agent.control;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.MessageLite;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * Length-delimited protobuf messages over a blocking socket channel: each message is a varint
 * length prefix and the message bytes. Reads and writes go straight to the channel (not through
 * {@code Channels.newInputStream}, whose streams share one lock between reading and writing).
 *
 * <p>One thread reads and one thread writes at a time; {@link #close()} may come from any thread
 * and wakes a blocked read or write.
 */
final class MessageChannel implements Closeable {

  /** A varint of a 32-bit length never takes more than five bytes. */
  private static final int MAX_VARINT_BYTES = 5;

  private static final int READ_BUFFER_BYTES = 8 * 1024;

  private final SocketChannel channel;
  private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_BYTES).flip();

  MessageChannel(SocketChannel channel) {
    this.channel = channel;
  }

  /** Thrown when a message's length prefix is over the limit. */
  static final class TooLargeException extends IOException {
    final long length;
    final int limit;

    TooLargeException(long length, int limit) {
      super("message of " + length + " bytes is over the limit of " + limit + " bytes");
      this.length = length;
      this.limit = limit;
    }
  }

  /** Thrown when the bytes on the channel are not a length-delimited message. */
  static final class MalformedException extends IOException {
    MalformedException(String message) {
      super(message);
    }
  }

  /**
   * Reads the next message's bytes.
   *
   * @return the bytes, or null when the peer closed the connection between messages
   * @throws TooLargeException when the length prefix is over {@code maxBytes}
   * @throws MalformedException on a bad length prefix
   * @throws EOFException when the connection ends inside a message
   */
  byte[] read(int maxBytes) throws IOException {
    long length = 0;
    for (int i = 0; ; i++) {
      if (!readBuffer.hasRemaining() && !fill()) {
        if (i == 0) {
          return null;
        }
        throw new EOFException("connection closed inside a length prefix");
      }
      if (i == MAX_VARINT_BYTES) {
        throw new MalformedException("length prefix longer than " + MAX_VARINT_BYTES + " bytes");
      }
      byte b = readBuffer.get();
      length |= (long) (b & 0x7f) << (7 * i);
      if ((b & 0x80) == 0) {
        break;
      }
    }
    if (length > maxBytes) {
      throw new TooLargeException(length, maxBytes);
    }
    byte[] message = new byte[(int) length];
    int buffered = Math.min(readBuffer.remaining(), message.length);
    readBuffer.get(message, 0, buffered);
    ByteBuffer rest = ByteBuffer.wrap(message, buffered, message.length - buffered);
    while (rest.hasRemaining()) {
      if (channel.read(rest) < 0) {
        throw new EOFException(
            "connection closed after " + rest.position() + " of " + length + " message bytes");
      }
    }
    return message;
  }

  /** Writes one message with its length prefix. */
  void write(MessageLite message) throws IOException {
    int size = message.getSerializedSize();
    byte[] frame = new byte[CodedOutputStream.computeUInt32SizeNoTag(size) + size];
    CodedOutputStream out = CodedOutputStream.newInstance(frame);
    out.writeUInt32NoTag(size);
    message.writeTo(out);
    out.checkNoSpaceLeft();
    ByteBuffer buffer = ByteBuffer.wrap(frame);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /** Writes raw bytes, unframed: for tests that speak a broken protocol on purpose. */
  void writeRaw(byte[] bytes) throws IOException {
    ByteBuffer buffer = ByteBuffer.wrap(bytes);
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  boolean isOpen() {
    return channel.isOpen();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  private boolean fill() throws IOException {
    readBuffer.clear();
    int read;
    try {
      read = channel.read(readBuffer);
    } finally {
      readBuffer.flip();
    }
    return read > 0;
  }
}
