package dev.echomesh.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.Test;

class ChunkBuffersTest {

  private static final ByteString DATA = ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5});

  @Test
  void copyOf_chunkThatFits_isADirectCopyAtItsStart() {
    ChunkBuffers buffers = new ChunkBuffers(8, 2);

    ByteBuffer copy = buffers.copyOf(DATA);

    assertTrue(copy.isDirect());
    assertEquals(ByteBuffer.wrap(DATA.toByteArray()), copy);
    assertEquals(1, buffers.outstanding());
  }

  @Test
  void copyOf_afterGiveBack_reusesTheBufferWithTheNewBytes() {
    ChunkBuffers buffers = new ChunkBuffers(8, 1);
    ByteBuffer first = buffers.copyOf(DATA);
    first.get(new byte[3]);

    buffers.giveBack(first);
    ByteBuffer second = buffers.copyOf(ByteString.copyFrom(new byte[] {7, 8}));

    assertSame(first, second);
    assertEquals(ByteBuffer.wrap(new byte[] {7, 8}), second);
    assertEquals(0, buffers.idle());
  }

  @Test
  void copyOf_allBuffersOut_fallsBackToAHeapArray() {
    ChunkBuffers buffers = new ChunkBuffers(8, 1);
    buffers.copyOf(DATA);

    ByteBuffer copy = buffers.copyOf(DATA);

    assertFalse(copy.isDirect());
    assertEquals(ByteBuffer.wrap(DATA.toByteArray()), copy);
    assertEquals(1, buffers.outstanding());
  }

  @Test
  void copyOf_chunkLargerThanABuffer_isAHeapArray() {
    ChunkBuffers buffers = new ChunkBuffers(4, 2);

    ByteBuffer copy = buffers.copyOf(DATA);

    assertFalse(copy.isDirect());
    assertEquals(ByteBuffer.wrap(DATA.toByteArray()), copy);
    assertEquals(0, buffers.outstanding());
  }

  @Test
  void copyOf_emptyData_takesNoBuffer() {
    ChunkBuffers buffers = new ChunkBuffers(8, 2);

    assertEquals(0, buffers.copyOf(ByteString.EMPTY).remaining());
    assertEquals(0, buffers.outstanding());
  }

  @Test
  void giveBack_twice_keepsTheBufferOnceSoItIsNeverHandedOutTwice() {
    ChunkBuffers buffers = new ChunkBuffers(8, 2);
    ByteBuffer copy = buffers.copyOf(DATA);

    buffers.giveBack(copy);
    buffers.giveBack(copy);

    assertEquals(1, buffers.idle());
    assertSame(copy, buffers.copyOf(DATA));
    assertNotSame(copy, buffers.copyOf(DATA));
  }

  @Test
  void giveBack_bufferThePoolDidNotMake_isIgnored() {
    ChunkBuffers buffers = new ChunkBuffers(8, 2);

    buffers.giveBack(ByteBuffer.allocateDirect(8));
    buffers.giveBack(ByteBuffer.allocate(8));

    assertEquals(0, buffers.idle());
    assertEquals(0, buffers.outstanding());
  }

  @Test
  void constructor_badSizes_throwNamingThem() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ChunkBuffers(0, 1));
    assertTrue(e.getMessage().contains("bufferBytes"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> new ChunkBuffers(8, -1));
  }

  @Test
  void shared_defaults_holdOneDefaultChunkPerBuffer() {
    ByteBuffer copy = ChunkBuffers.SHARED.copyOf(ByteString.copyFrom(new byte[StreamConfig.DEFAULT_CHUNK_BYTES]));
    try {
      assertTrue(copy.isDirect() || ChunkBuffers.SHARED.outstanding() == ChunkBuffers.DEFAULT_MAX_BUFFERS);
      assertEquals(StreamConfig.DEFAULT_CHUNK_BYTES, copy.remaining());
    } finally {
      ChunkBuffers.SHARED.giveBack(copy);
    }
  }
}
