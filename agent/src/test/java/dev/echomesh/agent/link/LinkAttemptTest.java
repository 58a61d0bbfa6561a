package dev.echomesh.agent.link;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.identity.NodeCredentials;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.Dispatch;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.testing.TestMeshes;
import dev.echomesh.agent.testing.TestMeshes.TestMesh;
import dev.echomesh.proto.Frame;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
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
    CallAttempt attempt = a.attempt(b.self(), "echo", "hi".getBytes(), CALL_TIMEOUT, KEY).join();
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
    CallAttempt attempt = a.attempt(gone, "echo", new byte[0], CALL_TIMEOUT, KEY).join();
    assertEquals(TaskStatus.UNAVAILABLE, attempt.result().status());
    assertEquals(Dispatch.REFUSED, attempt.dispatch(), attempt.result().message());
  }

  @Test
  void attempt_toANodeWithoutKnownAddress_isNotSent() {
    LinkLayer a = fixture.start(mesh.newNode("a"), LinkFixture.config("a"));
    CallAttempt attempt = a.attempt(mesh.newNode("ghost").nodeId(), "echo", new byte[0], CALL_TIMEOUT, KEY).join();
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
      CompletableFuture<CallAttempt> call = a.attempt(m.nodeId(), "echo", new byte[0], Duration.ofMinutes(5), KEY);
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
      CompletableFuture<CallAttempt> call = a.attempt(m.nodeId(), "echo", new byte[0], Duration.ofMinutes(5), KEY);
      assertTrue(peer.readFrame().hasCall());
      call.cancel(false);
      Frame cancel = peer.readFrame();
      assertTrue(cancel.hasCancel(), cancel.toString());
    }
  }
}
