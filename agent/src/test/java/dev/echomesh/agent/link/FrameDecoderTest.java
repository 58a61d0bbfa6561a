package dev.echomesh.agent.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedOutputStream;
import dev.echomesh.proto.Frame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FrameDecoderTest {

  private static final int LIMIT = 1024;

  private final LinkStats stats = new LinkStats();
  private final EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(LIMIT, stats));

  static byte[] encode(LinkMessage message) throws IOException {
    return prefixed(FrameConverter.toFrame(message).toByteArray());
  }

  static byte[] prefixed(byte[] body) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(bytes);
    out.writeUInt32NoTag(body.length);
    out.writeRawBytes(body);
    out.flush();
    return bytes.toByteArray();
  }

  private static ByteBuf buf(byte[] bytes) {
    return Unpooled.wrappedBuffer(bytes);
  }

  @Test
  void decode_wholeFrame_emitsMessage() throws IOException {
    channel.writeInbound(buf(encode(new LinkMessage.GoAway("bye"))));
    assertEquals(new LinkMessage.GoAway("bye"), channel.readInbound());
    assertTrue(channel.isOpen());
  }

  @Test
  void decode_frameArrivingByteByByte_emitsOnceComplete() throws IOException {
    byte[] frame = encode(new LinkMessage.Call(3, "echo", new byte[300], 100, false));
    for (int i = 0; i < frame.length - 1; i++) {
      channel.writeInbound(buf(new byte[] {frame[i]}));
      assertNull(channel.readInbound());
    }
    channel.writeInbound(buf(new byte[] {frame[frame.length - 1]}));
    LinkMessage.Call call = assertInstanceOf(LinkMessage.Call.class, channel.readInbound());
    assertEquals(300, call.payload().length);
  }

  @Test
  void decode_receiveBufferOverwrittenAfterwards_payloadAndChunkKeepTheirBytes() throws IOException {
    byte[] payload = new byte[200];
    new Random(7).nextBytes(payload);
    byte[] call = encode(new LinkMessage.Call(1, "echo", payload, 100, false));
    byte[] chunk = encode(LinkMessage.Chunk.piece(2, false, 0, java.nio.ByteBuffer.wrap(payload)));
    for (boolean direct : new boolean[] {false, true}) {
      ByteBuf in = direct ? Unpooled.directBuffer() : Unpooled.buffer();
      in.writeBytes(call).writeBytes(chunk);
      channel.writeInbound(in.retain());
      in.setZero(0, in.capacity()); // the decoder parses with aliasing: nothing may still point here
      in.release();
      assertArrayEquals(payload, ((LinkMessage.Call) channel.readInbound()).payload());
      java.nio.ByteBuffer data = ((LinkMessage.Chunk) channel.readInbound()).data();
      byte[] copied = new byte[data.remaining()];
      data.get(copied);
      assertArrayEquals(payload, copied);
    }
  }

  @Test
  void decode_severalFramesInOneRead_emitsAllInOrder() throws IOException {
    ByteBuf in = Unpooled.buffer();
    for (int i = 0; i < 5; i++) {
      in.writeBytes(encode(new LinkMessage.Cancel(i, "")));
    }
    channel.writeInbound(in);
    for (int i = 0; i < 5; i++) {
      assertEquals(i, ((LinkMessage.Cancel) channel.readInbound()).callId());
    }
  }

  @Test
  void decode_frameExactlyAtLimit_isAccepted() throws IOException {
    byte[] body = FrameConverter.toFrame(new LinkMessage.Call(1, "echo", new byte[LIMIT - 20], 0, false))
        .toByteArray();
    byte[] padded = FrameConverter.toFrame(
        new LinkMessage.Call(1, "echo", new byte[LIMIT - 20 + LIMIT - body.length], 0, false)).toByteArray();
    assertEquals(LIMIT, padded.length);
    channel.writeInbound(buf(prefixed(padded)));
    assertInstanceOf(LinkMessage.Call.class, channel.readInbound());
    assertTrue(channel.isOpen());
  }

  @Test
  void decode_prefixOverLimit_closesBeforeTheBodyArrives() throws IOException {
    ByteArrayOutputStream prefix = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(prefix);
    out.writeUInt32NoTag(LIMIT + 1);
    out.flush();
    channel.writeInbound(buf(prefix.toByteArray()));
    assertFalse(channel.isOpen());
    assertEquals(1, stats.frameErrors(FrameError.OVERSIZED));
  }

  @Test
  void decode_prefixLongerThanFiveBytes_isMalformed() {
    channel.writeInbound(buf(new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 1}));
    assertFalse(channel.isOpen());
    assertEquals(1, stats.frameErrors(FrameError.MALFORMED));
  }

  @Test
  void decode_randomBytes_closesOnlyAfterCountingOneError() {
    byte[] garbage = new byte[4096];
    new Random(42).nextBytes(garbage);
    channel.writeInbound(buf(garbage));
    assertFalse(channel.isOpen());
    long errors = stats.frameErrors(FrameError.MALFORMED) + stats.frameErrors(FrameError.OVERSIZED);
    assertEquals(1, errors);
  }

  @Test
  void decode_bytesThatAreNotAFrame_isMalformed() throws IOException {
    channel.writeInbound(buf(prefixed(new byte[] {(byte) 0xFF, (byte) 0xFF, (byte) 0xFF})));
    assertFalse(channel.isOpen());
    assertEquals(1, stats.frameErrors(FrameError.MALFORMED));
  }

  @Test
  void decode_frameWithoutBody_isMalformed() throws IOException {
    channel.writeInbound(buf(prefixed(Frame.getDefaultInstance().toByteArray())));
    assertFalse(channel.isOpen());
    assertEquals(1, stats.frameErrors(FrameError.MALFORMED));
  }

  @Test
  void decode_afterAnError_discardsLaterFrames() throws IOException {
    ByteBuf in = Unpooled.buffer();
    in.writeBytes(prefixed(new byte[] {(byte) 0xFF}));
    in.writeBytes(encode(new LinkMessage.GoAway("late")));
    channel.writeInbound(in);
    assertNull(channel.readInbound());
  }

  @Test
  void decodeLast_closeInTheMiddleOfAFrame_countsTruncated() throws IOException {
    byte[] frame = encode(new LinkMessage.Call(1, "echo", new byte[100], 0, false));
    byte[] half = new byte[frame.length / 2];
    System.arraycopy(frame, 0, half, 0, half.length);
    channel.writeInbound(buf(encode(new LinkMessage.GoAway("first"))));
    channel.writeInbound(buf(half));
    channel.finish();
    assertEquals(new LinkMessage.GoAway("first"), channel.readInbound());
    assertNull(channel.readInbound());
    assertEquals(1, stats.frameErrors(FrameError.TRUNCATED));
  }

  @Test
  void decodeLast_closeBetweenFrames_countsNothing() throws IOException {
    channel.writeInbound(buf(encode(new LinkMessage.GoAway("only"))));
    channel.finish();
    assertEquals(0, stats.frameErrors(FrameError.TRUNCATED));
    byte[] payload = ((LinkMessage.GoAway) channel.readInbound()).reason().getBytes();
    assertArrayEquals("only".getBytes(), payload);
  }
}
