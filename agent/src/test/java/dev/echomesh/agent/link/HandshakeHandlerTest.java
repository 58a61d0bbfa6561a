package dev.echomesh.agent.link;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.identity.NodeCredentials;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.testing.EchoCallStream;
import dev.echomesh.agent.testing.TestMeshes;
import dev.echomesh.agent.testing.TestMeshes.TestMesh;
import dev.echomesh.proto.Frame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import javax.net.ssl.SSLException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Who gets a link: intruders and impostors are refused at the handshake, each on its own
 * connection, while calls between two members keep flowing.
 */
class HandshakeHandlerTest {

  private static final Duration READ_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration HANDSHAKE_TIMEOUT = Duration.ofSeconds(2);

  private final LinkFixture fixture = new LinkFixture();
  private final TestMesh mesh = TestMeshes.newMesh();
  private final NodeCredentials aCredentials = mesh.newNode("a");
  private LinkLayer a;
  private LinkLayer b;
  private EchoCallStream stream;

  @BeforeEach
  void setUp() {
    a = fixture.start(aCredentials, LinkFixture.config("a"));
    b = fixture.start(mesh.newNode("b"), LinkFixture.config("b").handshakeTimeout(HANDSHAKE_TIMEOUT));
    a.connect(b.localAddress()).join();
    stream = LinkFixture.stream(a, b);
  }

  @AfterEach
  void tearDown() throws Exception {
    stream.close();
    fixture.close();
  }

  /** Lets the call stream run on, then checks that it never failed. */
  private void assertMembersUndisturbed() throws Exception {
    stream.awaitMoreCalls(20);
    assertEquals(List.of(), stream.stopAndGetFailures());
    assertEquals(List.of(b.self()), List.copyOf(a.linkedPeers()));
  }

  private void awaitRefusals(long expected) {
    await().atMost(LinkFixture.WAIT).until(() -> b.stats().handshakesRefused() >= expected);
  }

  /** Attempts a TLS session with {@code credentials} and returns the frames B sent before closing. */
  private List<Frame> tryTls(NodeCredentials credentials) throws Exception {
    try (RawTlsClient client = RawTlsClient.tls(b.localAddress(), credentials, READ_TIMEOUT)) {
      try {
        client.handshake();
      } catch (SSLException refusedDuringHandshake) {
        return List.of();
      }
      List<Frame> frames = new ArrayList<>();
      for (Frame f; (f = client.readFrame()) != null; ) {
        frames.add(f);
      }
      return frames;
    }
  }

  @Test
  void tlsClientWithoutCertificate_isRefusedAtTheHandshake() throws Exception {
    assertEquals(List.of(), tryTls(null));
    awaitRefusals(1);
    assertEquals(1, b.stats().refusals(Refusal.NOT_A_MEMBER), b.stats().refusals().toString());
    assertMembersUndisturbed();
  }

  @Test
  void tlsClientFromAnotherMesh_isRefusedAtTheHandshake() throws Exception {
    assertEquals(List.of(), tryTls(TestMeshes.newMesh().newNode("stranger")));
    awaitRefusals(1);
    assertEquals(1, b.stats().refusals(Refusal.NOT_A_MEMBER), b.stats().refusals().toString());
    assertMembersUndisturbed();
  }

  @Test
  void tlsClientWithSelfSignedCertificate_isRefusedAtTheHandshake() throws Exception {
    assertEquals(List.of(), tryTls(TestMeshes.selfSigned("forger")));
    awaitRefusals(1);
    assertEquals(1, b.stats().refusals(Refusal.NOT_A_MEMBER), b.stats().refusals().toString());
    assertMembersUndisturbed();
  }

  @Test
  void memberClaimingAnotherNodesId_isRefusedAndItsCallNeverRuns() throws Exception {
    NodeCredentials impostor = mesh.newNode("impostor");
    List<Frame> frames;
    try (RawTlsClient client = RawTlsClient.tls(b.localAddress(), impostor, READ_TIMEOUT)) {
      client.handshake();
      client.send(new LinkMessage.Hello(1, aCredentials.nodeId(), "a", 0, "x", 0, 0));
      client.send(new LinkMessage.Call(1, "echo", new byte[] {1}, 1000, false));
      frames = new ArrayList<>();
      for (Frame f; (f = client.readFrame()) != null; ) {
        frames.add(f);
      }
    }
    assertTrue(frames.stream().noneMatch(Frame::hasResult), frames.toString());
    Frame last = frames.get(frames.size() - 1);
    assertTrue(last.hasGoAway() && last.getGoAway().getReason().contains("claims node ID"), last.toString());
    awaitRefusals(1);
    assertEquals(1, b.stats().refusals(Refusal.BAD_HELLO), b.stats().refusals().toString());
    assertMembersUndisturbed();
  }

  @Test
  void memberSpeakingOnlyANewerProtocolVersion_getsGoAwayNamingTheSideToUpgrade() throws Exception {
    NodeCredentials future = mesh.newNode("future");
    List<Frame> frames = new ArrayList<>();
    try (RawTlsClient client = RawTlsClient.tls(b.localAddress(), future, READ_TIMEOUT)) {
      client.handshake();
      client.send(new LinkMessage.Hello(3, future.nodeId(), "future", 0, "9.0", 0, 0, 0, 2));
      client.send(new LinkMessage.Call(1, "echo", new byte[] {1}, 1000, false));
      for (Frame f; (f = client.readFrame()) != null; ) {
        frames.add(f);
      }
    }
    assertTrue(frames.get(0).hasHello(), frames.toString());
    assertTrue(frames.stream().noneMatch(Frame::hasResult), frames.toString());
    String reason = frames.get(frames.size() - 1).getGoAway().getReason();
    assertEquals("protocol version mismatch: you speak link protocol version 2 to 3 (agent 9.0) and this node 1"
        + " (agent test): upgrade this node", reason);
    awaitRefusals(1);
    assertEquals(1, b.stats().refusals(Refusal.PROTOCOL_VERSION), b.stats().refusals().toString());
    assertMembersUndisturbed();
  }

  @Test
  void memberThatStillSpeaksOurVersion_isLinkedAndAnswered() throws Exception {
    NodeCredentials future = mesh.newNode("future");
    try (RawTlsClient client = RawTlsClient.tls(b.localAddress(), future, READ_TIMEOUT)) {
      client.handshake();
      client.send(new LinkMessage.Hello(2, future.nodeId(), "future", 0, "9.0", 0, 0, 64 * 1024, 1));
      client.send(new LinkMessage.Call(1, "echo", new byte[] {1, 2}, 10_000, false));
      Frame hello = client.readFrame();
      assertEquals(LinkConfig.PROTOCOL_VERSION, hello.getHello().getProtocolVersion());
      assertEquals(LinkConfig.DEFAULT_MAX_FRAME_BYTES, hello.getHello().getMaxFrameBytes());
      Frame result = client.readFrame();
      assertEquals(1, result.getResult().getCallId(), result.toString());
      assertEquals(dev.echomesh.proto.Status.STATUS_OK, result.getResult().getStatus());
    }
    assertMembersUndisturbed();
  }

  @Test
  void memberAnnouncingAFrameLimitUnderTheMinimum_isRefusedWithTheReason() throws Exception {
    NodeCredentials tiny = mesh.newNode("tiny");
    List<Frame> frames = new ArrayList<>();
    try (RawTlsClient client = RawTlsClient.tls(b.localAddress(), tiny, READ_TIMEOUT)) {
      client.handshake();
      client.send(new LinkMessage.Hello(1, tiny.nodeId(), "tiny", 0, "x", 0, 0, 1024, 0));
      for (Frame f; (f = client.readFrame()) != null; ) {
        frames.add(f);
      }
    }
    assertTrue(frames.get(frames.size() - 1).getGoAway().getReason().contains("frame limit of 1024 bytes"),
        frames.toString());
    awaitRefusals(1);
    assertEquals(1, b.stats().refusals(Refusal.BAD_HELLO), b.stats().refusals().toString());
    assertMembersUndisturbed();
  }

  @Test
  void plaintextClient_getsNothing() throws Exception {
    try (RawTlsClient client = RawTlsClient.plain(b.localAddress(), READ_TIMEOUT)) {
      client.send(FrameDecoderTest.encode(new LinkMessage.Hello(1, aCredentials.nodeId(), "a", 0, "x", 0, 0)));
      client.send(FrameDecoderTest.encode(new LinkMessage.Call(1, "echo", "secret?".getBytes(), 1000, false)));
      byte[] answer = client.bytesUntilClosed();
      // Nothing, or at most a TLS alert record (content type 21); never a frame.
      assertTrue(answer.length == 0 || answer[0] == 21, answer.length + " bytes");
    }
    awaitRefusals(1);
    assertEquals(1, b.stats().refusals(Refusal.NOT_TLS), b.stats().refusals().toString());
    assertMembersUndisturbed();
  }

  @Test
  void silentPlaintextClient_isClosedAfterTheHandshakeTimeout() throws Exception {
    try (RawTlsClient client = RawTlsClient.plain(b.localAddress(), READ_TIMEOUT)) {
      assertEquals(0, client.bytesUntilClosed().length);
    }
    awaitRefusals(1);
    assertEquals(1, b.stats().refusals(Refusal.HANDSHAKE_TIMEOUT), b.stats().refusals().toString());
    assertMembersUndisturbed();
  }

  @Test
  void dialForANode_anotherNodeAnswers_callIsUnavailable() throws Exception {
    LinkLayer c = fixture.start(mesh.newNode("c"), LinkFixture.config("c"));
    LinkLayer d = fixture.start(mesh.newNode("d"), LinkFixture.config("d"));
    fixture.addresses.put(d.self(), c.localAddress());
    TaskResult result = a.call(d.self(), "echo", new byte[0], Duration.ofSeconds(10)).join();
    assertEquals(TaskStatus.UNAVAILABLE, result.status());
    assertTrue(result.message().contains("expected node " + d.self()), result.message());
    assertFalse(a.linkedPeers().contains(c.self()));
    assertMembersUndisturbed();
  }

  @Test
  void deniedNode_isRefusedAndTold() throws Exception {
    LinkLayer strict = fixture.start(mesh.newNode("strict"), LinkFixture.config("strict"));
    strict.deny(java.util.Set.of(a.self()));
    CompletionException e = assertThrows(CompletionException.class,
        () -> a.connect(strict.localAddress()).join());
    assertTrue(e.getCause().getMessage().contains("is on the deny list"), e.getCause().getMessage());
    assertEquals(1, strict.stats().handshakesRefused());
    TaskResult result = strict.call(a.self(), "echo", new byte[0], Duration.ofSeconds(10)).join();
    assertEquals(TaskStatus.UNAVAILABLE, result.status());
    assertMembersUndisturbed();
  }

  @Test
  void dialingItself_isRefused() {
    CompletionException e = assertThrows(CompletionException.class, () -> a.connect(a.localAddress()).join());
    assertTrue(e.getCause().getMessage().contains("this node itself"), e.getCause().getMessage());
  }
}
