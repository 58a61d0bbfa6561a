package dev.echomesh.agent.link;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.identity.NodeCredentials;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.Dispatch;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.testing.TestMeshes;
import dev.echomesh.agent.testing.TestMeshes.TestMesh;
import dev.echomesh.proto.Frame;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link LinkLayer#attempt}: how far a request got, for each way a call can fail. */
class LinkAttemptTest {

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
  private static final byte[] KEY = {1, 2, 3};

  private final LinkFixture fixture = new LinkFixture();
  private final TestMesh mesh = TestMeshes.newMesh();

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  @Test
  void attempt_answered_isSentWithTheResult() {
    LinkLayer a = fixture.start(mesh.newNode("a"), LinkFixture.config("a"));
    LinkLayer b = fixture.start(mesh.newNode("b"), LinkFixture.config("b"));
    CallAttempt attempt = a.attempt(b.self(), "echo", "hi".getBytes(), CALL_TIMEOUT, KEY, CALL_TIMEOUT).join();
    assertEquals("hi", attempt.result().payloadAsString());
    assertEquals(Dispatch.SENT, attempt.dispatch());
  }

  @Test
  void attempt_toAPortNobodyListensOn_isRefused() throws Exception {
    LinkLayer a = fixture.start(mesh.newNode("a"), LinkFixture.config("a"));
    InetSocketAddress closed;
    try (ServerSocket reserve = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = (InetSocketAddress) reserve.getLocalSocketAddress();
    }
    NodeId gone = mesh.newNode("gone").nodeId();
    fixture.addresses.put(gone, closed);
    CallAttempt attempt = a.attempt(gone, "echo", new byte[0], CALL_TIMEOUT, KEY, CALL_TIMEOUT).join();
    assertEquals(TaskStatus.UNAVAILABLE, attempt.result().status());
    assertEquals(Dispatch.REFUSED, attempt.dispatch(), attempt.result().message());
  }

  @Test
  void attempt_toANodeWithoutKnownAddress_isNotSent() {
    LinkLayer a = fixture.start(mesh.newNode("a"), LinkFixture.config("a"));
    CallAttempt attempt = a.attempt(mesh.newNode("ghost").nodeId(), "echo", new byte[0], CALL_TIMEOUT, KEY, CALL_TIMEOUT).join();
    assertEquals(TaskStatus.UNAVAILABLE, attempt.result().status());
    assertEquals(Dispatch.NOT_SENT, attempt.dispatch());
  }

  @Test
  void attempt_connectionLostAfterTheCallWasWritten_isSent() throws Exception {
    LinkLayer a = fixture.start(mesh.newNode("a"), LinkFixture.config("a"));
    NodeCredentials m = mesh.newNode("m");
    try (RawTlsClient peer = RawTlsClient.tls(a.localAddress(), m, Duration.ofSeconds(20))) {
      peer.handshake();
      peer.send(new LinkMessage.Hello(1, m.nodeId(), "m", 0, "x", 0, 0));
      assertTrue(peer.readFrame().hasHello());
      await().atMost(LinkFixture.WAIT).until(() -> a.linkedPeers().contains(m.nodeId()));
      CompletableFuture<CallAttempt> call = a.attempt(m.nodeId(), "echo", new byte[0], Duration.ofMinutes(5), KEY, Duration.ofMinutes(5));
      Frame received = peer.readFrame();
      assertTrue(received.hasCall(), received.toString());
      peer.close();
      await().atMost(LinkFixture.WAIT).until(call::isDone);
      assertEquals(TaskStatus.UNAVAILABLE, call.join().result().status());
      assertEquals(Dispatch.SENT, call.join().dispatch());
    }
  }

  @Test
  void attempt_cancelled_tellsTheCallee() throws Exception {
    LinkLayer a = fixture.start(mesh.newNode("a"), LinkFixture.config("a"));
    NodeCredentials m = mesh.newNode("m");
    try (RawTlsClient peer = RawTlsClient.tls(a.localAddress(), m, Duration.ofSeconds(20))) {
      peer.handshake();
      peer.send(new LinkMessage.Hello(1, m.nodeId(), "m", 0, "x", 0, 0));
      assertTrue(peer.readFrame().hasHello());
      await().atMost(LinkFixture.WAIT).until(() -> a.linkedPeers().contains(m.nodeId()));
      CompletableFuture<CallAttempt> call = a.attempt(m.nodeId(), "echo", new byte[0], Duration.ofMinutes(5), KEY, Duration.ofMinutes(5));
      assertTrue(peer.readFrame().hasCall());
      call.cancel(false);
      Frame cancel = peer.readFrame();
      assertTrue(cancel.hasCancel(), cancel.toString());
    }
  }

  /**
   * A peer whose agent is restarting accepts the connection and holds back its Hello: the attempt
   * gives up after its link timeout, unsent, and when the link comes up after all it carries later
   * calls but never the abandoned request (the next frame after the Hello is the later call's).
   */
  @Test
  void attempt_linkNotReadyWithinLinkTimeout_isNotSentAndNeverSentLater() throws Exception {
    NodeCredentials bCredentials = mesh.newNode("b");
    LinkLayer a = fixture.start(mesh.newNode("a"), LinkFixture.config("a"));
    try (RawTlsServer b = RawTlsServer.listen(bCredentials, LinkFixture.WAIT)) {
      fixture.addresses.put(bCredentials.nodeId(), b.address());
      CompletableFuture<CallAttempt> abandoned = a.attempt(bCredentials.nodeId(), "abandoned", new byte[0],
          Duration.ofMinutes(5), KEY, Duration.ofMillis(200));
      b.acceptAndHandshake();
      assertEquals(a.self(), b.read(LinkMessage.Hello.class).nodeId()); // the dial waits for b's Hello
      await().atMost(LinkFixture.WAIT).until(abandoned::isDone);
      assertEquals(TaskStatus.UNAVAILABLE, abandoned.join().result().status(), abandoned.join().result().message());
      assertEquals(Dispatch.NOT_SENT, abandoned.join().dispatch());

      b.send(new LinkMessage.Hello(PeerProtocol.NEWEST_VERSION, bCredentials.nodeId(), "b", 0, "test", 0, 0));
      await().atMost(LinkFixture.WAIT).until(() -> a.linkedPeers().contains(bCredentials.nodeId()));
      CompletableFuture<TaskResult> later = a.call(bCredentials.nodeId(), "later", new byte[0], CALL_TIMEOUT);
      LinkMessage.Call received = b.read(LinkMessage.Call.class);
      assertEquals("later", received.task());
      b.send(new LinkMessage.Result(received.callId(), TaskResult.ok(new byte[0])));
      assertEquals(TaskStatus.OK, later.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS).status());
    }
  }

  /** Plain calls and attempts with a link timeout as long as the call wait for the link. */
  @Test
  void attempt_linkTimeoutAsLongAsTheCall_waitsForTheLink() throws Exception {
    NodeCredentials bCredentials = mesh.newNode("b");
    LinkLayer a = fixture.start(mesh.newNode("a"), LinkFixture.config("a"));
    try (RawTlsServer b = RawTlsServer.listen(bCredentials, LinkFixture.WAIT)) {
      fixture.addresses.put(bCredentials.nodeId(), b.address());
      CompletableFuture<CallAttempt> call = a.attempt(bCredentials.nodeId(), "echo", new byte[0], CALL_TIMEOUT, KEY,
          CALL_TIMEOUT);
      b.acceptAndHandshake();
      b.read(LinkMessage.Hello.class);
      b.send(new LinkMessage.Hello(PeerProtocol.NEWEST_VERSION, bCredentials.nodeId(), "b", 0, "test", 0, 0));
      LinkMessage.Call received = b.read(LinkMessage.Call.class);
      b.send(new LinkMessage.Result(received.callId(), TaskResult.ok(new byte[0])));
      CallAttempt done = call.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertEquals(TaskStatus.OK, done.result().status(), done.result().message());
      assertEquals(Dispatch.SENT, done.dispatch());
    }
  }

  @Test
  void attempt_linkTimeoutNotPositive_isRejected() {
    LinkLayer a = fixture.start(mesh.newNode("a"), LinkFixture.config("a"));
    assertThrows(IllegalArgumentException.class,
        () -> a.attempt(mesh.newNode("b").nodeId(), "echo", new byte[0], CALL_TIMEOUT, KEY, Duration.ZERO));
  }
}
