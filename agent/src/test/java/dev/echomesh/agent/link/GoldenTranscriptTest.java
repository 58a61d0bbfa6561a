package dev.echomesh.agent.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.identity.NodeCredentials;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.testing.TestMeshes;
import dev.echomesh.proto.Frame;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A link answers a caller recorded with version 1 ({@link GoldenFrames#transcript}): the recorded
 * bytes are replayed, as they are, over TLS by the node that recorded them, and this build's
 * callee answers every call.
 */
class GoldenTranscriptTest {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);

  private final LinkFixture fixture = new LinkFixture();

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  @Test
  void recordedVersion1Caller_isLinkedAndEveryCallAnswered() throws Exception {
    NodeCredentials caller = GoldenFrames.transcriptCaller();
    LinkLayer callee = fixture.start(TestMeshes.meshOf(GoldenFrames.transcriptMeshKey()).newNode("callee"),
        LinkFixture.config("callee"));
    Map<Long, Frame> results = new HashMap<>();
    Frame hello;
    try (RawTlsClient client = RawTlsClient.tls(callee.localAddress(), caller, READ_TIMEOUT)) {
      client.handshake();
      client.send(GoldenFrames.read(GoldenFrames.TRANSCRIPT));
      hello = client.readFrame();
      while (results.size() < GoldenFrames.transcriptAnswers().size()) {
        Frame frame = client.readFrame();
        assertNotNull(frame, "the callee closed the link; results so far: " + results);
        assertTrue(!frame.hasGoAway(), frame.toString());
        if (frame.hasResult()) {
          results.put(frame.getResult().getCallId(), frame);
        }
      }
    }

    assertEquals(1, hello.getHello().getProtocolVersion());
    assertEquals(callee.self().toBytes().length, hello.getHello().getNodeId().size());
    for (Map.Entry<Long, TaskResult> answer : GoldenFrames.transcriptAnswers().entrySet()) {
      TaskResult result = FrameConverter.fromFrame(results.get(answer.getKey())) instanceof LinkMessage.Result r
          ? r.result() : null;
      assertNotNull(result, "call " + answer.getKey());
      assertEquals(answer.getValue().status(), result.status(), "call " + answer.getKey() + ": " + result);
      assertArrayEquals(answer.getValue().payload(), result.payload(), "call " + answer.getKey());
    }
    assertEquals(0, callee.stats().handshakesRefused());
    assertEquals(0, callee.stats().frameErrors(FrameError.PROTOCOL));
  }
}
