package dev.echomesh.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.fuzz.DecoderContract;
import dev.echomesh.agent.fuzz.DecoderFuzzTest;
import dev.echomesh.proto.Frame;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.buffer.UnpooledDirectByteBuf;
import io.netty.buffer.UnpooledHeapByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Fuzzes the link's byte stream: {@link FrameDecoder}'s varint length prefix and {@link
 * FrameConverter}'s protobuf {@code Frame} to {@link LinkMessage}.
 *
 * <p>Input: the first byte sets the size of the reads (1 to 256 bytes) in which the rest arrives,
 * as from a peer's TCP stream; then the connection closes. The decoder never throws: bad bytes close
 * the connection with one counted error. No buffer it asks for may exceed twice the input plus
 * Netty's smallest buffer, whatever a length prefix announces.
 */
class FrameDecoderFuzzTest {

  /** Small, so that short inputs reach frames at, under and over the limit. */
  private static final int MAX_FRAME_BYTES = 4096;

  /** Netty's smallest buffer when a cumulation grows. */
  private static final int MIN_BUFFER_BYTES = 64;

  @DecoderFuzzTest
  void decode_fuzzedStream_keepsContract(byte[] input) throws Exception {
    Received received = DecoderContract.decodeWithoutException(input, FrameDecoderFuzzTest::receive);
    long errors = Arrays.stream(FrameError.values()).mapToLong(received.stats()::frameErrors).sum();
    assertTrue(errors <= 1, "one connection counts at most one error, got " + errors);
    long bound = 2L * input.length + MIN_BUFFER_BYTES;
    assertTrue(received.largestBufferBytes() <= bound, "a buffer of " + received.largestBufferBytes()
        + " bytes for an input of " + input.length + " bytes, over " + bound);
    for (LinkMessage message : received.messages()) {
      if (!(message instanceof LinkMessage.Chunk)) { // this version decodes chunks but sends none
        Frame frame = FrameConverter.toFrame(message);
        assertEquals(frame, FrameConverter.toFrame(FrameConverter.fromFrame(frame)),
            "a decoded message converts to a frame and back to itself");
      }
    }
  }

  /** Feeds {@code input} to a fresh decoder as described in the class comment, then closes. */
  private static Received receive(byte[] input) {
    LinkStats stats = new LinkStats();
    RecordingAllocator allocator = new RecordingAllocator();
    EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(MAX_FRAME_BYTES, stats));
    channel.config().setAllocator(allocator);
    List<LinkMessage> messages = new ArrayList<>();
    int readBytes = input.length == 0 ? 1 : 1 + (input[0] & 0xFF);
    for (int offset = 1; offset < input.length && channel.isOpen(); offset += readBytes) {
      int length = Math.min(readBytes, input.length - offset);
      channel.writeInbound(Unpooled.wrappedBuffer(input, offset, length));
      drain(channel, messages);
    }
    boolean openUntilClose = channel.isOpen();
    channel.finish();
    drain(channel, messages);
    assertFalse(channel.isOpen(), "closed");
    if (openUntilClose) {
      assertEquals(0, stats.frameErrors(FrameError.MALFORMED) + stats.frameErrors(FrameError.OVERSIZED),
          "a malformed or oversized frame closes the connection at once");
    }
    return new Received(messages, stats, allocator.largestBytes);
  }

  private static void drain(EmbeddedChannel channel, List<LinkMessage> messages) {
    for (Object message = channel.readInbound(); message != null; message = channel.readInbound()) {
      messages.add((LinkMessage) message);
    }
  }

  /** What one connection's bytes became. */
  private record Received(List<LinkMessage> messages, LinkStats stats, int largestBufferBytes) {}

  /** Remembers the largest buffer capacity the decoder asked for, at allocation or growth. */
  private static final class RecordingAllocator extends AbstractByteBufAllocator {
    int largestBytes;

    RecordingAllocator() {
      super(false);
    }

    @Override
    public boolean isDirectBufferPooled() {
      return false;
    }

    @Override
    protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
      note(initialCapacity);
      return new UnpooledHeapByteBuf(this, initialCapacity, maxCapacity);
    }

    @Override
    protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
      note(initialCapacity);
      return new UnpooledDirectByteBuf(this, initialCapacity, maxCapacity);
    }

    @Override
    public int calculateNewCapacity(int minNewCapacity, int maxCapacity) {
      int capacity = super.calculateNewCapacity(minNewCapacity, maxCapacity);
      note(capacity);
      return capacity;
    }

    private void note(int capacity) {
      largestBytes = Math.max(largestBytes, capacity);
    }
  }
}
