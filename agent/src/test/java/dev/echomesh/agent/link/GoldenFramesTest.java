package dev.echomesh.agent.link;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Version-1 frames recorded in golden files ({@link GoldenFrames}) decode, in this build, to the
 * messages they were written from. A change that breaks one breaks every older peer.
 */
class GoldenFramesTest {

  static List<String> frameFiles() {
    return List.copyOf(GoldenFrames.frames().keySet());
  }

  /** Decodes {@code bytes} as a link's byte stream with this build's decoder. */
  static List<LinkMessage> decode(byte[] bytes) {
    LinkStats stats = new LinkStats();
    EmbeddedChannel channel = new EmbeddedChannel(new FrameDecoder(LinkConfig.DEFAULT_MAX_FRAME_BYTES, stats));
    channel.writeInbound(Unpooled.wrappedBuffer(bytes));
    List<LinkMessage> messages = new ArrayList<>();
    for (Object m = channel.readInbound(); m != null; m = channel.readInbound()) {
      messages.add((LinkMessage) m);
    }
    assertTrue(channel.isOpen(), "the decoder closed the connection: " + stats.frameErrors(FrameError.MALFORMED)
        + " malformed, " + stats.frameErrors(FrameError.OVERSIZED) + " oversized");
    channel.finishAndReleaseAll();
    return messages;
  }

  @ParameterizedTest
  @MethodSource("frameFiles")
  void decode_goldenVersion1Frame_givesTheMessageItWasWrittenFrom(String file) {
    List<LinkMessage> decoded = decode(GoldenFrames.read(file));

    assertEquals(1, decoded.size(), decoded.toString());
    assertEquals(FrameConverter.toFrame(GoldenFrames.frames().get(file)), FrameConverter.toFrame(decoded.get(0)));
  }

  @Test
  void decode_helloOfABuildBeforeFrameLimits_statesNoLimitAndIsVersion1With16MiB() {
    LinkMessage.Hello hello = (LinkMessage.Hello) decode(GoldenFrames.read("hello-before-limits.bin")).get(0);

    assertEquals(0, hello.maxFrameBytes());
    assertEquals(0, hello.minProtocolVersion());
    assertEquals(new PeerProtocol.Agreed(1, 16 * 1024 * 1024),
        PeerProtocol.judge(hello, LinkConfig.DEFAULT_MAX_FRAME_BYTES));
  }

  @Test
  void decode_recordedTranscript_givesTheRecordedMessages() throws Exception {
    List<LinkMessage> decoded = decode(GoldenFrames.read(GoldenFrames.TRANSCRIPT));

    List<LinkMessage> recorded = GoldenFrames.transcript(GoldenFrames.transcriptCaller().nodeId());
    assertEquals(recorded.stream().map(FrameConverter::toFrame).toList(),
        decoded.stream().map(FrameConverter::toFrame).toList());
  }

  /**
   * Writes golden files that do not exist yet (never rewrites one); see the README beside them.
   * Runs only when asked: {@code -Dechomesh.writeGoldenFiles=true}.
   */
  @Test
  @EnabledIfSystemProperty(named = GoldenFrames.WRITE_PROPERTY, matches = "true")
  void writeMissing_whenAsked_writesNewGoldenFilesOnly() throws Exception {
    List<String> written = GoldenFrames.writeMissing();
    System.out.println("Golden frame files written into " + GoldenFrames.SOURCE_DIR + ": " + written);
  }
}
