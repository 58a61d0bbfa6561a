package dev.echomesh.agent.link;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.identity.NodeCredentials;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.testing.GateTask;
import dev.echomesh.agent.testing.TestMeshes;
import dev.echomesh.agent.testing.TestMeshes.TestMesh;
import dev.echomesh.proto.Frame;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Dialing, duplicate links, idle links, static peers, lost peers and shutdown, over real TLS. */
class LinkManagerTest {

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

  private final LinkFixture fixture = new LinkFixture();
  private final TestMesh mesh = TestMeshes.newMesh();

  @AfterEach
  void tearDown() throws Exception {
    fixture.close();
  }

  private static TaskResult echo(LinkLayer from, LinkLayer to, String text) {
    return from.call(to.self(), "echo", text.getBytes(), CALL_TIMEOUT).join();
  }

  @Test
  void call_firstCallToAKnownPeer_dialsAndKeepsTheLink() {
    LinkLayer a = fixture.start(mesh.newNode("a"), LinkFixture.config("a"));
    LinkLayer b = fixture.start(mesh.newNode("b"), LinkFixture.config("b"));
    assertEquals("hi", echo(a, b, "hi").payloadAsString());
    assertEquals(java.util.Set.of(b.self()), a.linkedPeers());
    assertEquals("back", echo(b, a, "back").payloadAsString());
    assertEquals(1, a.linkedPeers().size());
  }

  @Test
  void call_nioWithoutBusyPollOnOneSide_epollOnTheOther_works() {
    LinkLayer a = fixture.start(mesh.newNode("a"),
        LinkFixture.config("a").nativeTransport(false).busyPoll(Duration.ZERO));
    LinkLayer b = fixture.start(mesh.newNode("b"), LinkFixture.config("b"));
    assertEquals("hi", echo(a, b, "hi").payloadAsString());
    assertEquals("back", echo(b, a, "back").payloadAsString());
  }

  @Test
  void bothDialAtOnce_bothKeepTheLinkDialedByTheLowerNodeId() throws Exception {
    RecordingListener aEvents = new RecordingListener();
    RecordingListener bEvents = new RecordingListener();
    LinkLayer a = fixture.start(mesh.newNode("a"), LinkFixture.config("a"), aEvents);
    LinkLayer b = fixture.start(mesh.newNode("b"), LinkFixture.config("b"), bEvents);
    CompletableFuture<NodeId> fromA = a.connect(b.localAddress());
    CompletableFuture<NodeId> fromB = b.connect(a.localAddress());
    assertEquals(b.self(), fromA.get(20, TimeUnit.SECONDS));
    assertEquals(a.self(), fromB.get(20, TimeUnit.SECONDS));
    await().atMost(LinkFixture.WAIT).until(() -> aEvents.down.size() == 1 && bEvents.down.size() == 1);
    boolean aIsLower = a.self().compareTo(b.self()) < 0;
    // The link that closed is the one the higher node dialed, on both sides.
    assertEquals(!aIsLower, aEvents.down.get(0).dialedByUs());
    assertEquals(aIsLower, bEvents.down.get(0).dialedByUs());
    assertEquals("ok", echo(a, b, "ok").payloadAsString());
    assertEquals("ok", echo(b, a, "ok").payloadAsString());
    assertEquals(2, aEvents.up.size());
    assertEquals(1, aEvents.down.size());
  }

  @Test
  void call_toANodeWithoutKnownAddress_isUnavailableAtOnce() {
    LinkLayer a = fixture.start(mesh.newNode("a"), LinkFixture.config("a"));
    NodeId unknown = mesh.newNode("ghost").nodeId();
    TaskResult result = a.call(unknown, "echo", new byte[0], CALL_TIMEOUT).join();
    assertEquals(TaskStatus.UNAVAILABLE, result.status());
    assertTrue(result.message().contains("no address known"), result.message());
  }

  @Test
  void call_toAPeerThatNeverHandshakes_endsWithTimeoutAtItsDeadline() throws Exception {
    LinkLayer a = fixture.start(mesh.newNode("a"), LinkFixture.config("a"));
    try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      NodeId silent = mesh.newNode("silent").nodeId();
      fixture.addresses.put(silent, (InetSocketAddress) blackHole.getLocalSocketAddress());
      CompletableFuture<TaskResult> call = a.call(silent, "echo", new byte[0], Duration.ofMillis(500));
      // The handshake timeout is 5 s; the caller's deadline of 0.5 s is what ends the call.
      await().atMost(Duration.ofSeconds(4)).until(call::isDone);
      assertEquals(TaskStatus.TIMEOUT, call.join().status());
    }
  }

  @Test
  void idleLink_isClosed_andTheNextCallRedials() {
    LinkLayer a = fixture.start(mesh.newNode("a"), LinkFixture.config("a").idleTimeout(Duration.ofSeconds(1)));
    LinkLayer b = fixture.start(mesh.newNode("b"), LinkFixture.config("b"));
    assertEquals("one", echo(a, b, "one").payloadAsString());
    await().atMost(LinkFixture.WAIT).until(() -> a.linkedPeers().isEmpty() && b.linkedPeers().isEmpty());
    assertEquals("two", echo(a, b, "two").payloadAsString());
  }

  @Test
  void staticPeer_thatStartsListeningLater_isLinkedByRedialing() throws Exception {
    int port;
    try (ServerSocket reserve = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = reserve.getLocalPort();
    }
    InetSocketAddress later = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    LinkLayer a = fixture.start(mesh.newNode("a"), LinkFixture.config("a")
        .staticPeers(List.of(later))
        .redialBackoff(Backoff.of(Duration.ofMillis(50), Duration.ofMillis(200))));
    LinkLayer b = fixture.start(mesh.newNode("b"), LinkFixture.config("b").port(port));
    await().atMost(LinkFixture.WAIT).until(() -> a.linkedPeers().contains(b.self()));
    assertEquals("static", echo(b, a, "static").payloadAsString());
  }

  @Test
  void peerConnectionLost_callsInFlightAreUnavailableAtOnce() throws Exception {
    LinkLayer a = fixture.start(mesh.newNode("a"), LinkFixture.config("a"));
    NodeCredentials m = mesh.newNode("m");
    try (RawTlsClient peer = RawTlsClient.tls(a.localAddress(), m, Duration.ofSeconds(20))) {
      peer.handshake();
      peer.send(new LinkMessage.Hello(1, m.nodeId(), "m", 0, "x", 0, 0));
      assertTrue(peer.readFrame().hasHello());
      await().atMost(LinkFixture.WAIT).until(() -> a.linkedPeers().contains(m.nodeId()));
      CompletableFuture<TaskResult> call = a.call(m.nodeId(), "echo", new byte[0], Duration.ofMinutes(5));
      Frame received = peer.readFrame();
      assertTrue(received.hasCall(), received.toString());
      peer.close();
      await().atMost(LinkFixture.WAIT).until(call::isDone);
      assertEquals(TaskStatus.UNAVAILABLE, call.join().status());
    }
  }

  @Test
  void close_callStillRunningAfterTheShutdownTimeout_endsCancelledAtTheCaller() throws Exception {
    GateTask blocking = new GateTask("block");
    LinkLayer a = fixture.start(mesh.newNode("a"), LinkFixture.config("a"));
    LinkLayer b = fixture.start(mesh.newNode("b"), LinkFixture.config("b").shutdownTimeout(Duration.ofMillis(300)), blocking);
    CompletableFuture<TaskResult> call = a.call(b.self(), "block", new byte[0], Duration.ofMinutes(5));
    assertTrue(blocking.started.await(20, TimeUnit.SECONDS));
    b.close();
    await().atMost(LinkFixture.WAIT).until(call::isDone);
    assertEquals(TaskStatus.CANCELLED, call.join().status(), call.join().message());
    assertTrue(blocking.interrupted.await(20, TimeUnit.SECONDS));
    TaskResult after = a.call(b.self(), "echo", new byte[0], CALL_TIMEOUT).join();
    assertEquals(TaskStatus.UNAVAILABLE, after.status());
  }

  @Test
  void closeLinksTo_callsInFlightEndUnavailableWithTheReason_theNextCallRedials() throws Exception {
    GateTask blocking = new GateTask("block");
    LinkLayer a = fixture.start(mesh.newNode("a"), LinkFixture.config("a"));
    LinkLayer b = fixture.start(mesh.newNode("b"), LinkFixture.config("b"), blocking);
    CompletableFuture<TaskResult> call = a.call(b.self(), "block", new byte[0], Duration.ofMinutes(5));
    assertTrue(blocking.started.await(20, TimeUnit.SECONDS));
    a.closeLinksTo(b.self(), "b stopped answering liveness pings (DEAD)");
    await().atMost(LinkFixture.WAIT).until(call::isDone);
    TaskResult result = call.join();
    assertEquals(TaskStatus.UNAVAILABLE, result.status());
    assertTrue(result.message().contains("stopped answering liveness pings"), result.message());
    assertTrue(blocking.interrupted.await(20, TimeUnit.SECONDS), "b's handler is interrupted when the link goes");
    assertEquals("again", echo(a, b, "again").payloadAsString());
  }

  @Test
  void closeLinksTo_aPeerWithoutLink_changesNothing() {
    LinkLayer a = fixture.start(mesh.newNode("a"), LinkFixture.config("a"));
    LinkLayer b = fixture.start(mesh.newNode("b"), LinkFixture.config("b"));
    LinkLayer c = fixture.start(mesh.newNode("c"), LinkFixture.config("c"));
    assertEquals("hi", echo(a, b, "hi").payloadAsString());
    a.closeLinksTo(c.self(), "test");
    assertEquals(java.util.Set.of(b.self()), a.linkedPeers());
  }

  @Test
  void call_afterClose_isCancelled() throws Exception {
    LinkLayer a = fixture.start(mesh.newNode("a"), LinkFixture.config("a"));
    LinkLayer b = fixture.start(mesh.newNode("b"), LinkFixture.config("b"));
    a.close();
    assertEquals(TaskStatus.CANCELLED, echo(a, b, "late").status());
    assertFalse(b.linkedPeers().contains(a.self()));
  }

  /**
   * A static peer is dialed without knowing who answers; its pings can make it known (and
   * called) after this side's TLS handshake proved who it is but before its Hello is read. The
   * call must wait for that connection: a second dial made a duplicate link, and draining the
   * duplicate ended the call with UNAVAILABLE (AgentCallsTest failed so under load). The peer is
   * in no address book here, so a second dial would fail at once with "no address known".
   */
  @Test
  void call_whileTheStaticPeersHelloIsPending_waitsForThatConnection() throws Exception {
    NodeCredentials bCredentials = mesh.newNode("b");
    LinkLayer a = fixture.start(mesh.newNode("a"), LinkFixture.config("a"));
    try (RawTlsServer b = RawTlsServer.listen(bCredentials, LinkFixture.WAIT)) {
      CompletableFuture<NodeId> staticDial = a.connect(b.address());
      b.acceptAndHandshake();
      assertEquals(a.self(), b.read(LinkMessage.Hello.class).nodeId()); // a has checked b's certificate
      CompletableFuture<TaskResult> call = a.call(bCredentials.nodeId(), "echo", "hello".getBytes(), CALL_TIMEOUT);
      assertFalse(call.isDone(), () -> "the call ended before the link was up: " + call.join());
      b.send(new LinkMessage.Hello(PeerProtocol.NEWEST_VERSION, bCredentials.nodeId(), "b", 0, "test", 0, 0));
      LinkMessage.Call received = b.read(LinkMessage.Call.class);
      assertEquals("echo", received.task());
      b.send(new LinkMessage.Result(received.callId(), TaskResult.ok(received.payload())));
      TaskResult result = call.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertEquals(TaskStatus.OK, result.status(), result.message());
      assertEquals("hello", result.payloadAsString());
      assertEquals(bCredentials.nodeId(), staticDial.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS));
    }
  }

  /** As above, with the peer dialing: a call to it waits for the connection it is setting up. */
  @Test
  void call_whileAnAcceptedConnectionsHelloIsPending_waitsForThatConnection() throws Exception {
    NodeCredentials bCredentials = mesh.newNode("b");
    LinkLayer a = fixture.start(mesh.newNode("a"), LinkFixture.config("a"));
    try (RawTlsClient b = RawTlsClient.tls(a.localAddress(), bCredentials, LinkFixture.WAIT)) {
      b.handshake();
      assertTrue(b.readFrame().hasHello()); // a has checked b's certificate
      CompletableFuture<TaskResult> call = a.call(bCredentials.nodeId(), "echo", "hello".getBytes(), CALL_TIMEOUT);
      assertFalse(call.isDone(), () -> "the call ended before the link was up: " + call.join());
      b.send(new LinkMessage.Hello(PeerProtocol.NEWEST_VERSION, bCredentials.nodeId(), "b", 0, "test", 0, 0));
      Frame received = b.readFrame();
      assertTrue(received.hasCall(), received.toString());
      assertEquals("echo", received.getCall().getTask());
      b.send(new LinkMessage.Result(received.getCall().getCallId(),
          TaskResult.ok(received.getCall().getPayload().toByteArray())));
      TaskResult result = call.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertEquals(TaskStatus.OK, result.status(), result.message());
      assertEquals("hello", result.payloadAsString());
    }
  }

  /** A call that waited for a connection whose handshake then fails ends with the reason, at once. */
  @Test
  void call_waitingForAConnectionThatIsThenRefused_isUnavailableWithTheReason() throws Exception {
    NodeCredentials bCredentials = mesh.newNode("b");
    LinkLayer a = fixture.start(mesh.newNode("a"), LinkFixture.config("a"));
    try (RawTlsClient b = RawTlsClient.tls(a.localAddress(), bCredentials, LinkFixture.WAIT)) {
      b.handshake();
      assertTrue(b.readFrame().hasHello());
      CompletableFuture<TaskResult> call = a.call(bCredentials.nodeId(), "echo", "hello".getBytes(), CALL_TIMEOUT);
      b.send(new LinkMessage.Hello(PeerProtocol.NEWEST_VERSION, mesh.newNode("c").nodeId(), "b", 0, "test", 0, 0));
      TaskResult result = call.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
      assertEquals(TaskStatus.UNAVAILABLE, result.status());
      assertTrue(result.message().contains("in its Hello"), result.message());
    }
  }

  static final class RecordingListener implements LinkListener {
    final List<LinkInfo> up = new CopyOnWriteArrayList<>();
    final List<LinkInfo> down = new CopyOnWriteArrayList<>();

    @Override
    public void linkUp(LinkInfo info) {
      up.add(info);
    }

    @Override
    public void linkDown(LinkInfo info, String reason) {
      down.add(info);
    }
  }
}
