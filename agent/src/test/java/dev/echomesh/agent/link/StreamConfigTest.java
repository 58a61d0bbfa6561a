package dev.echomesh.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class StreamConfigTest {

  @ParameterizedTest(name = "single {0}, chunk {1}, window {2}, link {3}, agent {4}")
  @CsvSource({
      "0, 10, 100, 100, 100",
      "10, 0, 100, 100, 100",
      "10, 101, 100, 100, 100",
      "10, 10, 100, 99, 100",
      "10, 10, 100, 200, 199",
  })
  void constructor_outOfRange_isRefused(int single, int chunk, int window, long perLink, long total) {
    assertThrows(IllegalArgumentException.class, () -> new StreamConfig(single, chunk, window, perLink, total));
  }

  @Test
  void defaults_areConsistent() {
    StreamConfig d = StreamConfig.defaults();
    assertTrue(d.chunkBytes() <= d.windowBytes());
    assertTrue(d.windowBytes() <= d.maxBufferedBytesPerLink());
    assertTrue(d.maxBufferedBytesPerLink() <= d.maxBufferedBytes());
  }

  @Test
  void fitsOneFrame_countsTheFrameOverhead_soAPayloadOfExactlyTheLimitIsChunked() {
    StreamConfig wide = new StreamConfig(64 * 1024 * 1024, 1024, 4096, 4096, 4096);
    LinkConfig config = LinkConfig.builder().maxFrameBytes(1 << 20).streams(wide).build();
    assertFalse(config.fitsOneFrame(4, 1 << 20));
    assertTrue(config.fitsOneFrame(4, (1 << 20) - 1024));
  }

  @Test
  void fitsOneFrame_overTheSingleFrameSize_isChunkedEvenWhenTheFrameWouldHoldIt() {
    LinkConfig config = LinkConfig.builder().build();
    assertTrue(config.fitsOneFrame(4, StreamConfig.DEFAULT_SINGLE_FRAME_PAYLOAD_BYTES));
    assertFalse(config.fitsOneFrame(4, StreamConfig.DEFAULT_SINGLE_FRAME_PAYLOAD_BYTES + 1));
  }

  @Test
  void chunkDataBytes_smallFrameLimit_leavesRoomForTheChunksOverhead() {
    LinkConfig config = LinkConfig.builder().maxFrameBytes(64 * 1024).build();
    assertEquals(64 * 1024 - FrameConverter.CHUNK_OVERHEAD_BYTES, config.chunkDataBytes());
    assertEquals(StreamConfig.DEFAULT_CHUNK_BYTES, LinkConfig.builder().build().chunkDataBytes());
  }
}
