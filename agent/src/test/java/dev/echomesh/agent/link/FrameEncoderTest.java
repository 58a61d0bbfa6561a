package dev.echomesh.agent.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.echomesh.agent.task.TaskResult;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameEncoderTest {

  private static final int LIMIT = 16 * 1024 * 1024;

  @Test
  void write_thenDecode_givesTheSameMessages() throws Exception {
    EmbeddedChannel sender = new EmbeddedChannel(new FrameEncoder(LIMIT));
    EmbeddedChannel receiver = new EmbeddedChannel(new FrameDecoder(LIMIT, new LinkStats()));
    byte[] big = new byte[10 * 1024 * 1024];
    new Random(1).nextBytes(big);
    sender.writeOutbound(new LinkMessage.Call(1, "echo", big, 5000, false),
        new LinkMessage.Result(1, TaskResult.ok(new byte[] {42})));
    for (ByteBuf out; (out = sender.readOutbound()) != null; ) {
      receiver.writeInbound(out);
    }
    LinkMessage.Call call = assertInstanceOf(LinkMessage.Call.class, receiver.readInbound());
    assertArrayEquals(big, call.payload());
    LinkMessage.Result result = assertInstanceOf(LinkMessage.Result.class, receiver.readInbound());
    assertArrayEquals(new byte[] {42}, result.result().payload());
  }

  @Test
  void write_producesExactlyPrefixPlusFrame() throws Exception {
    EmbeddedChannel sender = new EmbeddedChannel(new FrameEncoder(LIMIT));
    LinkMessage message = new LinkMessage.Cancel(300, "deadline");
    sender.writeOutbound(message);
    ByteBuf out = sender.readOutbound();
    byte[] bytes = new byte[out.readableBytes()];
    out.readBytes(bytes);
    out.release();
    assertArrayEquals(FrameDecoderTest.encode(message), bytes);
  }

  @Test
  void write_frameOverTheLimit_failsTheWriteAndSendsNothing() {
    EmbeddedChannel sender = new EmbeddedChannel(new FrameEncoder(1024));
    ChannelFuture write = sender.writeAndFlush(new LinkMessage.Call(1, "echo", new byte[2048], 0, false));
    FrameTooLargeException e = assertInstanceOf(FrameTooLargeException.class, write.cause());
    assertEquals(1024, e.maxFrameBytes());
    assertNull(sender.readOutbound());
    assertFalse(write.isSuccess());
  }
}
