package dev.echomesh.agent.link;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedOutputStream;
import dev.echomesh.agent.identity.NodeCredentials;
import dev.echomesh.agent.testing.EchoCallStream;
import dev.echomesh.agent.testing.TestMeshes;
import dev.echomesh.agent.testing.TestMeshes.TestMesh;
import dev.echomesh.proto.Frame;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad bytes from a connected member close that connection only, counted and logged; the
 * listener keeps serving and calls between other members keep flowing.
 */
class LinkRobustnessTest {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);
  private static final int MAX_FRAME_BYTES = 1024 * 1024;

  private final LinkFixture fixture = new LinkFixture();
  private final TestMesh mesh = TestMeshes.newMesh();
  private LinkLayer a;
  private LinkLayer b;
  private EchoCallStream stream;

  @BeforeEach
  void setUp() {
    a = fixture.start(mesh.newNode("a"), LinkFixture.config("a"));
    b = fixture.start(mesh.newNode("b"), LinkFixture.config("b").maxFrameBytes(MAX_FRAME_BYTES));
    a.connect(b.localAddress()).join();
    stream = LinkFixture.stream(a, b);
  }

  @AfterEach
  void tearDown() throws Exception {
    stream.close();
    fixture.close();
  }

  private void assertStillServing() throws Exception {
    stream.awaitMoreCalls(20);
    assertEquals(List.of(), stream.stopAndGetFailures());
    NodeCredentials newcomer = mesh.newNode("newcomer");
    try (RawTlsClient client = RawTlsClient.tls(b.localAddress(), newcomer, READ_TIMEOUT)) {
      client.handshake();
      client.send(new LinkMessage.Hello(1, newcomer.nodeId(), "newcomer", 0, "x", 0, 0));
      client.send(new LinkMessage.Call(1, "echo", new byte[] {42}, 5000, false));
      assertTrue(client.readFrame().hasHello());
      Frame result = client.readFrame();
      assertEquals(1, result.getResult().getCallId());
      assertEquals(42, result.getResult().getPayload().byteAt(0));
    }
  }

  /** A member's TLS session that has sent its Hello, ready to misbehave. */
  private RawTlsClient member() throws Exception {
    NodeCredentials credentials = mesh.newNode("rogue");
    RawTlsClient client = RawTlsClient.tls(b.localAddress(), credentials, READ_TIMEOUT);
    client.handshake();
    client.send(new LinkMessage.Hello(1, credentials.nodeId(), "rogue", 0, "x", 0, 0));
    assertTrue(client.readFrame().hasHello());
    return client;
  }

  @Test
  void randomBytesOnTheTcpPort_closeThatConnectionOnly() throws Exception {
    byte[] garbage = new byte[4096];
    new Random(3).nextBytes(garbage);
    try (RawTlsClient client = RawTlsClient.plain(b.localAddress(), READ_TIMEOUT)) {
      client.send(garbage);
      client.bytesUntilClosed();
    }
    await().atMost(LinkFixture.WAIT).until(() -> b.stats().handshakesRefused() == 1);
    assertStillServing();
  }

  @Test
  void randomBytesInsideTls_closeThatConnectionOnly() throws Exception {
    byte[] garbage = new byte[4096];
    new Random(4).nextBytes(garbage);
    garbage[0] = (byte) 0xFF; // a length prefix that does not end in 5 bytes
    Arrays.fill(garbage, 1, 6, (byte) 0xFF);
    try (RawTlsClient client = member()) {
      client.send(garbage);
      assertNull(client.readFrame());
    }
    await().atMost(LinkFixture.WAIT).until(() -> b.stats().frameErrors(FrameError.MALFORMED) == 1);
    assertStillServing();
  }

  @Test
  void unparsableFrame_closesThatConnectionOnly() throws Exception {
    try (RawTlsClient client = member()) {
      client.send(FrameDecoderTest.prefixed(new byte[] {(byte) 0xFF, (byte) 0xFF, 0x01, 0x02}));
      assertNull(client.readFrame());
    }
    await().atMost(LinkFixture.WAIT).until(() -> b.stats().frameErrors(FrameError.MALFORMED) == 1);
    assertStillServing();
  }

  @Test
  void truncatedFrame_isCountedWhenTheConnectionCloses() throws Exception {
    byte[] frame = FrameDecoderTest.encode(new LinkMessage.Call(1, "echo", new byte[1000], 5000, false));
    try (RawTlsClient client = member()) {
      client.send(Arrays.copyOf(frame, frame.length / 2));
    }
    await().atMost(LinkFixture.WAIT).until(() -> b.stats().frameErrors(FrameError.TRUNCATED) == 1);
    assertStillServing();
  }

  @Test
  void oversizedFrame_closesTheConnectionBeforeItsBodyIsSent() throws Exception {
    ByteArrayOutputStream prefix = new ByteArrayOutputStream();
    CodedOutputStream out = CodedOutputStream.newInstance(prefix);
    out.writeUInt32NoTag(17 * 1024 * 1024);
    out.flush();
    try (RawTlsClient client = member()) {
      client.send(prefix.toByteArray());
      client.send(new byte[100]);
      assertNull(client.readFrame());
    }
    await().atMost(LinkFixture.WAIT).until(() -> b.stats().frameErrors(FrameError.OVERSIZED) == 1);
    assertStillServing();
  }
}
