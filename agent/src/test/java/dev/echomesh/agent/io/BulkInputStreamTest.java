package dev.echomesh.agent.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class BulkInputStreamTest {

  /** Hands out its bytes at most two at a time and records the lengths it was asked for. */
  private static final class TwoAtATime extends BulkInputStream {
    private final byte[] bytes;
    private final List<Integer> asked = new ArrayList<>();
    private int position;

    TwoAtATime(byte... bytes) {
      this.bytes = bytes;
    }

    @Override
    protected int readSome(byte[] buffer, int offset, int length) {
      asked.add(length);
      if (position == bytes.length) {
        return -1;
      }
      int n = Math.min(Math.min(length, 2), bytes.length - position);
      System.arraycopy(bytes, position, buffer, offset, n);
      position += n;
      return n;
    }
  }

  @Test
  void read_oneByteAtATime_returnsUnsignedBytesThenMinusOne() throws Exception {
    TwoAtATime stream = new TwoAtATime((byte) 0x7F, (byte) 0xFF);

    assertEquals(0x7F, stream.read());
    assertEquals(0xFF, stream.read());
    assertEquals(-1, stream.read());
    assertEquals(List.of(1, 1, 1), stream.asked);
  }

  @Test
  void read_noBytes_returnsZeroWithoutReading() throws Exception {
    TwoAtATime stream = new TwoAtATime((byte) 1);

    assertEquals(0, stream.read(new byte[4], 2, 0));
    assertEquals(List.of(), stream.asked);
  }

  @Test
  void read_rangeOutsideBuffer_throwsWithoutReading() {
    TwoAtATime stream = new TwoAtATime((byte) 1);

    assertThrows(IndexOutOfBoundsException.class, () -> stream.read(new byte[4], 3, 2));
    assertEquals(List.of(), stream.asked);
  }

  @Test
  void readAllBytes_readsThroughReadSome() throws Exception {
    TwoAtATime stream = new TwoAtATime((byte) 1, (byte) 2, (byte) 3);

    assertArrayEquals(new byte[] {1, 2, 3}, stream.readAllBytes());
  }
}
