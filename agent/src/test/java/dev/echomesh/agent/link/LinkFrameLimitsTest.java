package dev.echomesh.agent.link;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.echomesh.agent.task.StreamedResult;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.testing.TestMeshes;
import dev.echomesh.agent.testing.TestMeshes.TestMesh;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Members with different frame limits: each announces its own in Hello, and each side sends
 * frames no larger than the smaller limit, chunking payloads to fit. A frame over a receiver's
 * limit would close the link (counted as OVERSIZED), so calls that come back OK with their
 * bytes, on a link that stayed up, show that every frame fitted.
 */
class LinkFrameLimitsTest {

  private static final int SMALL_LIMIT = 64 * 1024;
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  private final LinkFixture fixture = new LinkFixture();
  private final TestMesh mesh = TestMeshes.newMesh();
  private LinkLayer small;
  private LinkLayer large;

  @BeforeEach
  void setUp() {
    small = fixture.start(mesh.newNode("small"), LinkFixture.config("small").maxFrameBytes(SMALL_LIMIT));
    large = fixture.start(mesh.newNode("large"), LinkFixture.config("large"));
    large.connect(small.localAddress()).join();
  }

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  private static byte[] payload(int size) {
    byte[] bytes = new byte[size];
    new Random(size).nextBytes(bytes);
    return bytes;
  }

  private void assertLinkUndamaged() {
    for (LinkLayer layer : new LinkLayer[] {small, large}) {
      assertEquals(0, layer.stats().frameErrors(FrameError.OVERSIZED));
      assertEquals(0, layer.stats().frameErrors(FrameError.PROTOCOL));
    }
    assertEquals(1, small.linkedPeers().size());
    assertEquals(1, large.linkedPeers().size());
  }

  @Test
  void call_payloadUnderOwnLimitButOverThePeers_isChunkedToThePeersLimit() {
    byte[] sent = payload(300 * 1024); // whole in one frame under 16 MiB, over 64 KiB

    TaskResult result = large.call(small.self(), "echo", sent, TIMEOUT).join();

    assertEquals(TaskStatus.OK, result.status(), result.message());
    assertArrayEquals(sent, result.payload());
    assertLinkUndamaged();
  }

  @Test
  void call_fromTheSmallerLimit_isAnsweredWithinIt() {
    byte[] sent = payload(200 * 1024);

    TaskResult result = small.call(large.self(), "echo", sent, TIMEOUT).join();

    assertEquals(TaskStatus.OK, result.status(), result.message());
    assertArrayEquals(sent, result.payload());
    assertLinkUndamaged();
  }

  @Test
  void callStreaming_toTheSmallerLimit_sendsChunksThatFitIt() throws Exception {
    byte[] sent = payload(400 * 1024);

    StreamedResult result = large.callStreaming(small.self(), "echo", new ByteArrayInputStream(sent), TIMEOUT).join();

    assertEquals(TaskStatus.OK, result.status(), result.message());
    try (InputStream body = result.payload()) {
      assertArrayEquals(sent, body.readAllBytes());
    }
    assertLinkUndamaged();
  }

  @Test
  void call_smallPayload_stillGoesWhole() {
    byte[] sent = Arrays.copyOf(payload(1000), 1000);

    TaskResult result = large.call(small.self(), "echo", sent, TIMEOUT).join();

    assertEquals(TaskStatus.OK, result.status());
    assertArrayEquals(sent, result.payload());
    assertEquals(0, large.stats().chunksDropped());
  }
}
