package dev.echomesh.agent.link;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.UnsafeByteOperations;
import dev.echomesh.proto.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.io.IOException;
import java.util.List;

/**
 * Turns a byte stream into {@link LinkMessage}s: each frame is a varint32 length prefix
 * followed by that many bytes of a serialized {@code Frame}.
 *
 * <p>The length is checked against the limit as soon as the prefix is read, before any of the
 * body is waited for, so a peer cannot make this side buffer more than the limit. A bad prefix,
 * an oversized frame, bytes that do not parse, or a close in the middle of a frame close this
 * connection only, counted and logged through {@link LinkStats}; everything after the first
 * error is discarded.
 */
final class FrameDecoder extends ByteToMessageDecoder {

  /** A varint32 takes at most 5 bytes; a longer prefix is malformed. */
  private static final int MAX_VARINT32_BYTES = 5;
  private static final long INCOMPLETE = -1;
  private static final long MALFORMED = -2;

  private final int maxFrameBytes;
  private final LinkStats stats;
  private boolean failed;

  FrameDecoder(int maxFrameBytes, LinkStats stats) {
    this.maxFrameBytes = maxFrameBytes;
    this.stats = stats;
  }

  @Override
  protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    if (failed) {
      in.skipBytes(in.readableBytes());
      return;
    }
    int start = in.readerIndex();
    long length = readLength(in);
    if (length == INCOMPLETE) {
      in.readerIndex(start);
      return;
    }
    if (length == MALFORMED) {
      fail(ctx, in, FrameError.MALFORMED, "the length prefix is not a varint32");
      return;
    }
    if (length > maxFrameBytes) {
      fail(ctx, in, FrameError.OVERSIZED,
          "announced " + length + " bytes, over the limit of " + maxFrameBytes + " bytes");
      return;
    }
    if (in.readableBytes() < length) {
      in.readerIndex(start);
      return;
    }
    int size = (int) length;
    try {
      Frame frame = Frame.parseFrom(input(in, size)); // aliases in: converted before in moves on
      LinkMessage message = FrameConverter.fromFrame(frame);
      in.skipBytes(size);
      out.add(message);
    } catch (InvalidProtocolBufferException e) {
      fail(ctx, in, FrameError.MALFORMED, "not a protobuf Frame (" + e.getMessage() + ")");
    } catch (IOException e) {
      fail(ctx, in, FrameError.MALFORMED, "unreadable frame (" + e.getMessage() + ")");
    } catch (MalformedFrameException e) {
      fail(ctx, in, FrameError.MALFORMED, e.getMessage());
    }
  }

  @Override
  protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
    // Complete frames were decoded before this is called; what is left is a partial frame.
    if (!failed && in.isReadable()) {
      int pending = in.readableBytes();
      failed = true;
      in.skipBytes(pending);
      stats.frameRejected(ctx.channel(), FrameError.TRUNCATED,
          "the connection closed " + pending + " bytes into a frame");
    }
  }

  private void fail(ChannelHandlerContext ctx, ByteBuf in, FrameError error, String reason) {
    failed = true;
    in.skipBytes(in.readableBytes());
    stats.frameRejected(ctx.channel(), error, reason);
    ctx.close();
  }

  /**
   * A protobuf reader over the frame's bytes where they lie. With aliasing on, the bytes fields
   * of the parsed {@code Frame} (payloads, chunk data) are views of {@code in} rather than copies:
   * {@link FrameConverter#fromFrame} copies each of them once into the arrays (chunk data: the
   * reused buffers of {@link ChunkBuffers}) the link hands on,
   * and the {@code Frame} itself never outlives {@link #decode}, before which {@code in} is not
   * released or reused. Without aliasing every payload was copied twice (into a {@code ByteString},
   * then into the array), which on a busy link doubled the heap garbage per call. (Protobuf
   * aliases only input it was told is immutable, which {@code UnsafeByteOperations} does: it is
   * not written while the frame is parsed.)
   */
  private static CodedInputStream input(ByteBuf in, int size) {
    ByteString view = in.hasArray()
        ? UnsafeByteOperations.unsafeWrap(in.array(), in.arrayOffset() + in.readerIndex(), size)
        : UnsafeByteOperations.unsafeWrap(in.nioBuffer(in.readerIndex(), size));
    CodedInputStream input = view.newCodedInput();
    input.enableAliasing(true);
    return input;
  }

  /** Reads a varint32 prefix; leaves the reader after it, or returns INCOMPLETE / MALFORMED. */
  private static long readLength(ByteBuf in) {
    long value = 0;
    for (int i = 0; i < MAX_VARINT32_BYTES; i++) {
      if (!in.isReadable()) {
        return INCOMPLETE;
      }
      byte b = in.readByte();
      value |= (long) (b & 0x7F) << (7 * i);
      if (b >= 0) {
        return value;
      }
    }
    return MALFORMED;
  }
}
