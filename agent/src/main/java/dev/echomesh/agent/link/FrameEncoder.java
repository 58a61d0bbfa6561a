package dev.echomesh.agent.link;

import com.google.protobuf.CodedOutputStream;
import dev.echomesh.proto.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.io.IOException;

/**
 * Writes each {@link LinkMessage} as a varint32 length prefix plus its serialized
 * {@code Frame}, into one buffer of exactly the right size (no intermediate byte arrays).
 *
 * <p>A frame over the limit is never sent (the peer would close the link): the write fails
 * with {@link FrameTooLargeException}. The link checks sizes before writing, so this is a
 * last guard, not the way callers learn about it.
 */
@ChannelHandler.Sharable
final class FrameEncoder extends ChannelOutboundHandlerAdapter {

  private final int maxFrameBytes;

  FrameEncoder(int maxFrameBytes) {
    this.maxFrameBytes = maxFrameBytes;
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (!(msg instanceof LinkMessage)) {
      ctx.write(msg, promise);
      return;
    }
    Frame frame = FrameConverter.toFrame((LinkMessage) msg);
    int size = frame.getSerializedSize();
    if (size > maxFrameBytes) {
      promise.setFailure(new FrameTooLargeException(size, maxFrameBytes));
      return;
    }
    int total = CodedOutputStream.computeUInt32SizeNoTag(size) + size;
    ByteBuf buf = ctx.alloc().ioBuffer(total, total);
    try {
      CodedOutputStream out = CodedOutputStream.newInstance(buf.internalNioBuffer(0, total));
      out.writeUInt32NoTag(size);
      frame.writeTo(out);
      out.checkNoSpaceLeft();
      buf.writerIndex(total);
    } catch (IOException | RuntimeException e) {
      buf.release();
      promise.setFailure(e);
      return;
    }
    ctx.write(buf, promise);
  }
}
