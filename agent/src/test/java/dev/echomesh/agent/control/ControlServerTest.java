package dev.echomesh.agent.control;

import static dev.echomesh.agent.testing.FakeAgent.task;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.peers.RttStats;
import dev.echomesh.agent.task.TaskInfo;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.testing.FakeAgent;
import dev.echomesh.agent.testing.FakeTicker;
import dev.echomesh.agent.testing.TestPeers;
import dev.echomesh.proto.control.CallRequest;
import dev.echomesh.proto.control.ErrorCode;
import dev.echomesh.proto.control.Request;
import dev.echomesh.proto.control.Response;
import dev.echomesh.proto.control.StatusRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Round trips over a real control socket to a {@link FakeAgent}. */
class ControlServerTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path dataDir;

  private final FakeTicker ticker = new FakeTicker();
  private final FakeAgent agent = new FakeAgent("self");
  private final CountDownLatch release = new CountDownLatch(1);
  private ControlServer server;

  private final Peer alice =
      TestPeers.peer("alice")
          .address("198.18.0.2")
          .address("fe80::2")
          .interfaceName("eth0")
          .mac("02:00:00:00:00:02")
          .linkPort(7946)
          .udpPort(7947)
          .incarnation(3)
          .rtt(new RttStats(410, 400, 900, 12))
          .lossPercent(2.5)
          .lastSeen(Instant.parse("2024-12-31T23:59:58Z"))
          .build();
  private final Peer bob =
      TestPeers.peer("bob")
          .address("198.18.0.3")
          .state(PeerState.SUSPECT)
          .macMismatch(true)
          .build();

  @BeforeEach
  void start() throws IOException {
    agent.putPeer(alice);
    agent.putPeer(bob);
    agent.offerLocalTask(task("echo", "returns the payload", r -> TaskResult.ok(r.payload())));
    agent.offerRemoteTask(task("echo", "returns the payload", r -> TaskResult.ok(r.payload())));
    agent.offerRemoteTask(
        task(
            "boom",
            "always throws",
            r -> {
              throw new IllegalStateException("disk on fire");
            }));
    agent.offerRemoteTask(
        task(
            "slow",
            "waits for the test",
            r -> {
              release.await(WAIT.toSeconds(), TimeUnit.SECONDS);
              return TaskResult.ok("done".getBytes(UTF_8));
            }));
    server = ControlServer.bind(dataDir, config().build());
    server.start(agent);
  }

  @AfterEach
  void stop() {
    release.countDown();
    server.close();
    agent.close();
  }

  private ControlConfig.Builder config() {
    return ControlConfig.builder().version("1.2.3").ticker(ticker);
  }

  @Test
  void status_runningAgent_reportsIdentityVersionAndUptime() throws IOException {
    ticker.advance(Duration.ofSeconds(90));
    try (ControlClient client = ControlClient.connect(dataDir)) {
      AgentStatus status = client.status();
      assertEquals(agent.nodeId(), status.nodeId());
      assertEquals("self", status.name());
      assertEquals("127.0.0.1:7946", status.linkAddress());
      assertEquals("1.2.3", status.version());
      assertEquals(Duration.ofSeconds(90), status.uptime());
      assertEquals(ProcessHandle.current().pid(), status.pid());
      assertEquals(2, status.peerCount());
    }
  }

  @Test
  void peers_knownPeers_roundTripEveryField() throws IOException {
    try (ControlClient client = ControlClient.connect(dataDir)) {
      List<Peer> peers = client.peers();
      assertEquals(agent.peers(), peers);
      assertTrue(peers.contains(alice));
      assertTrue(peers.contains(bob));
    }
  }

  @Test
  void localTasks_agentTasks_listedWithDescriptions() throws IOException {
    try (ControlClient client = ControlClient.connect(dataDir)) {
      TaskListing listing = client.localTasks();
      assertEquals(agent.nodeId(), listing.node());
      assertEquals(TaskStatus.OK, listing.status());
      assertEquals(List.of(new TaskInfo("echo", "returns the payload")), listing.tasks());
    }
  }

  @Test
  void peerTasks_reachablePeer_listsTasksFromItsTasksTask() throws IOException {
    try (ControlClient client = ControlClient.connect(dataDir)) {
      TaskListing listing = client.peerTasks("alice", Duration.ofSeconds(5));
      assertEquals(alice.id(), listing.node());
      assertEquals("alice", listing.nodeName());
      assertEquals(TaskStatus.OK, listing.status());
      assertEquals(
          List.of("boom", "echo", "slow"), listing.tasks().stream().map(TaskInfo::name).toList());
      assertEquals(List.of("alice:tasks"), agent.calls());
    }
  }

  @Test
  void peerTasks_peerGone_reportsUnavailableStatus() throws IOException {
    agent.putPeer(TestPeers.peer("carol").state(PeerState.DEAD).build());
    try (ControlClient client = ControlClient.connect(dataDir)) {
      TaskListing listing = client.peerTasks("carol", Duration.ofSeconds(5));
      assertEquals(TaskStatus.UNAVAILABLE, listing.status());
      assertTrue(listing.tasks().isEmpty());
      assertFalse(listing.message().isEmpty());
    }
  }

  @Test
  void peerTasks_peerAnswersNonJson_badPeerResponse() throws IOException {
    agent.offerRemoteTask(task("tasks", "broken", r -> TaskResult.ok("<html>".getBytes(UTF_8))));
    try (ControlClient client = ControlClient.connect(dataDir)) {
      ControlException e =
          assertThrows(
              ControlException.class, () -> client.peerTasks("alice", Duration.ofSeconds(5)));
      assertEquals(ControlError.BAD_PEER_RESPONSE, e.error());
    }
  }

  @Test
  void call_byName_returnsPayloadAndResolvedPeer() throws IOException {
    try (ControlClient client = ControlClient.connect(dataDir)) {
      CallOutcome outcome =
          client.call("alice", "echo", "hello".getBytes(UTF_8), Duration.ofSeconds(5));
      assertEquals(alice.id(), outcome.peer());
      assertEquals("alice", outcome.peerName());
      assertEquals(TaskStatus.OK, outcome.result().status());
      assertEquals("hello", outcome.result().payloadAsString());
    }
  }

  @Test
  void call_byUniqueIdPrefixInLowerCase_reachesThatPeer() throws IOException {
    String prefix = alice.id().toString().substring(0, 6).toLowerCase();
    try (ControlClient client = ControlClient.connect(dataDir)) {
      CallOutcome outcome = client.call(prefix, "echo", new byte[0], Duration.ofSeconds(5));
      assertEquals(alice.id(), outcome.peer());
    }
  }

  @Test
  void call_largePayload_roundTripsIntact() throws IOException {
    byte[] payload = new byte[10 * 1024 * 1024];
    new java.util.Random(42).nextBytes(payload);
    try (ControlClient client = ControlClient.connect(dataDir)) {
      CallOutcome outcome = client.call("alice", "echo", payload, Duration.ofSeconds(10));
      assertArrayEquals(payload, outcome.result().payload());
    }
  }

  @Test
  void call_unknownTask_notFoundStatus() throws IOException {
    try (ControlClient client = ControlClient.connect(dataDir)) {
      TaskResult result = client.call("alice", "nope", new byte[0], Duration.ofSeconds(5)).result();
      assertEquals(TaskStatus.NOT_FOUND, result.status());
      assertTrue(result.message().contains("nope"), result.message());
    }
  }

  @Test
  void call_throwingHandler_failedWithItsMessage() throws IOException {
    try (ControlClient client = ControlClient.connect(dataDir)) {
      TaskResult result = client.call("alice", "boom", new byte[0], Duration.ofSeconds(5)).result();
      assertEquals(TaskStatus.FAILED, result.status());
      assertEquals("disk on fire", result.message());
    }
  }

  @Test
  void call_handlerSlowerThanTimeout_timeoutStatus() throws IOException {
    try (ControlClient client = ControlClient.connect(dataDir)) {
      TaskResult result =
          client.call("alice", "slow", new byte[0], Duration.ofMillis(200)).result();
      assertEquals(TaskStatus.TIMEOUT, result.status());
    }
  }

  @Test
  void call_unknownPeer_peerNotFoundNamingKnownPeers() throws IOException {
    try (ControlClient client = ControlClient.connect(dataDir)) {
      ControlException e =
          assertThrows(
              ControlException.class,
              () -> client.call("zed", "echo", new byte[0], Duration.ofSeconds(1)));
      assertEquals(ControlError.PEER_NOT_FOUND, e.error());
      assertTrue(
          e.getMessage().contains("'zed'") && e.getMessage().contains("alice"), e.getMessage());
    }
  }

  @Test
  void call_thisNodesOwnName_peerNotFoundSayingItIsThisNode() throws IOException {
    try (ControlClient client = ControlClient.connect(dataDir)) {
      ControlException e =
          assertThrows(
              ControlException.class,
              () -> client.call("self", "echo", new byte[0], Duration.ofSeconds(1)));
      assertEquals(ControlError.PEER_NOT_FOUND, e.error());
      assertTrue(e.getMessage().contains("this node"), e.getMessage());
    }
  }

  @Test
  void call_prefixMatchingTwoPeers_peerAmbiguous() throws IOException {
    Peer twin = TestPeers.peer("alice").id(TestPeers.nodeId("twin")).build();
    agent.putPeer(twin);
    try (ControlClient client = ControlClient.connect(dataDir)) {
      ControlException e =
          assertThrows(
              ControlException.class,
              () -> client.call("alice", "echo", new byte[0], Duration.ofSeconds(1)));
      assertEquals(ControlError.PEER_AMBIGUOUS, e.error());
    }
  }

  @Test
  void call_sequentialRequestsOnOneConnection_allAnswered() throws IOException {
    try (ControlClient client = ControlClient.connect(dataDir)) {
      for (int i = 0; i < 20; i++) {
        byte[] payload = ("n" + i).getBytes(UTF_8);
        assertArrayEquals(
            payload, client.call("bob", "echo", payload, Duration.ofSeconds(5)).result().payload());
      }
    }
  }

  @Test
  void call_timeoutOverMaximum_malformedRequest() throws IOException {
    try (ControlClient client = ControlClient.connect(dataDir)) {
      ControlException e =
          assertThrows(
              ControlException.class,
              () -> client.call("alice", "echo", new byte[0], Duration.ofHours(2)));
      assertEquals(ControlError.MALFORMED_REQUEST, e.error());
    }
  }

  @Test
  void broadcast_twoPeersOneAlive_callsOnlyTheAliveOne() throws IOException {
    try (ControlClient client = ControlClient.connect(dataDir)) {
      List<CallOutcome> outcomes =
          client.broadcast("echo", "hi".getBytes(UTF_8), Duration.ofSeconds(5));
      assertEquals(1, outcomes.size());
      assertEquals(alice.id(), outcomes.get(0).peer());
      assertEquals("alice", outcomes.get(0).peerName());
      assertEquals("hi", outcomes.get(0).result().payloadAsString());
    }
  }

  @Test
  void watchPeers_snapshotThenChanges_streamsLatestStates() throws IOException {
    try (ControlClient client = ControlClient.connect(dataDir);
        PeerWatch watch = client.watchPeers()) {
      PeerWatch.Update first = watch.next();
      assertTrue(first.snapshot());
      assertEquals(agent.peers(), first.peers());

      Peer bobAlive = TestPeers.peer("bob").address("198.18.0.3").state(PeerState.ALIVE).build();
      agent.putPeer(bobAlive);
      PeerWatch.Update change = watch.next();
      assertFalse(change.snapshot());
      assertEquals(List.of(bobAlive), change.peers());
    }
  }

  @Test
  void watchPeers_serverCloses_streamEnds() throws IOException {
    try (ControlClient client = ControlClient.connect(dataDir);
        PeerWatch watch = client.watchPeers()) {
      watch.next();
      server.close();
      assertNull(watch.next());
    }
  }

  @Test
  void watchPeers_moreThanMaxWatchers_busy() throws IOException {
    server.close();
    server = ControlServer.bind(dataDir, config().maxWatchers(1).build());
    server.start(agent);
    try (ControlClient first = ControlClient.connect(dataDir);
        PeerWatch watch = first.watchPeers();
        ControlClient second = ControlClient.connect(dataDir)) {
      watch.next();
      PeerWatch refused = second.watchPeers();
      ControlException e = assertThrows(ControlException.class, refused::next);
      assertEquals(ControlError.BUSY, e.error());
    }
  }

  @Test
  void start_registersOneListenerWhateverTheNumberOfWatchers() throws IOException {
    for (int i = 0; i < 3; i++) {
      try (ControlClient client = ControlClient.connect(dataDir);
          PeerWatch watch = client.watchPeers()) {
        watch.next();
      }
    }
    assertEquals(1, agent.listenerCount());
  }

  @Test
  void request_bytesThatDoNotParse_malformedErrorAndAgentKeepsServing() throws IOException {
    try (RawConnection raw = new RawConnection(dataDir)) {
      raw.channel.writeRaw(
          new byte[] {5, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
      assertEquals(ErrorCode.ERROR_CODE_MALFORMED_REQUEST, raw.readError());
      assertNull(raw.channel.read(1024), "the connection is closed after a malformed request");
    }
    assertEquals(1, server.malformedRequests());
    try (ControlClient client = ControlClient.connect(dataDir)) {
      assertEquals("self", client.status().name());
    }
  }

  @Test
  void request_lengthPrefixOverLimit_tooLargeError() throws IOException {
    try (RawConnection raw = new RawConnection(dataDir)) {
      // varint 0x7fffffff: a 2 GiB request, refused before any of it is read
      raw.channel.writeRaw(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07});
      assertEquals(ErrorCode.ERROR_CODE_REQUEST_TOO_LARGE, raw.readError());
    }
    assertEquals(1, server.malformedRequests());
  }

  @Test
  void request_lengthPrefixOfSixBytes_malformedError() throws IOException {
    try (RawConnection raw = new RawConnection(dataDir)) {
      raw.channel.writeRaw(
          new byte[] {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x01});
      assertEquals(ErrorCode.ERROR_CODE_MALFORMED_REQUEST, raw.readError());
    }
  }

  @Test
  void request_withoutKind_malformedErrorConnectionStaysUsable() throws IOException {
    try (RawConnection raw = new RawConnection(dataDir)) {
      raw.channel.write(Request.getDefaultInstance());
      assertEquals(ErrorCode.ERROR_CODE_MALFORMED_REQUEST, raw.readError());
      raw.channel.write(Request.newBuilder().setStatus(StatusRequest.getDefaultInstance()).build());
      assertTrue(raw.read().hasStatus());
    }
  }

  @Test
  void request_callWithoutTask_malformedError() throws IOException {
    try (RawConnection raw = new RawConnection(dataDir)) {
      raw.channel.write(
          Request.newBuilder()
              .setCall(
                  CallRequest.newBuilder()
                      .setPeer("alice")
                      .setPayload(ByteString.copyFromUtf8("x")))
              .build());
      assertEquals(ErrorCode.ERROR_CODE_MALFORMED_REQUEST, raw.readError());
    }
  }

  @Test
  void connection_silentClient_closedAfterReadTimeout() throws IOException {
    server.close();
    server =
        ControlServer.bind(dataDir, config().requestReadTimeout(Duration.ofMillis(200)).build());
    server.start(agent);
    try (RawConnection raw = new RawConnection(dataDir)) {
      assertNull(raw.channel.read(1024), "the agent hangs up on a client that sends nothing");
    }
  }

  @Test
  void connection_overMaxConnections_answeredBusy() throws IOException {
    server.close();
    server = ControlServer.bind(dataDir, config().maxConnections(2).maxWatchers(1).build());
    server.start(agent);
    try (RawConnection first = new RawConnection(dataDir);
        RawConnection second = new RawConnection(dataDir);
        RawConnection third = new RawConnection(dataDir)) {
      assertEquals(ErrorCode.ERROR_CODE_BUSY, third.readError());
      first.channel.write(
          Request.newBuilder().setStatus(StatusRequest.getDefaultInstance()).build());
      assertTrue(first.read().hasStatus(), "the connections already open are still served");
      try (ControlClient client = ControlClient.connect(dataDir)) {
        ControlException e = assertThrows(ControlException.class, client::status);
        assertEquals(ControlError.BUSY, e.error(), e.getMessage());
      }
    }
  }

  @Test
  void close_callInFlight_finishesBeforeTheConnectionCloses() throws Exception {
    try (ControlClient client = ControlClient.connect(dataDir)) {
      CompletableFuture<CallOutcome> call =
          CompletableFuture.supplyAsync(
              () -> {
                try {
                  return client.call("alice", "slow", new byte[0], Duration.ofSeconds(15));
                } catch (IOException e) {
                  throw new RuntimeException(e);
                }
              });
      await().atMost(WAIT).until(() -> agent.calls().contains("alice:slow"));
      CompletableFuture<Void> closing = CompletableFuture.runAsync(server::close);
      await().atMost(WAIT).until(() -> !server.socketPath().toFile().exists());
      release.countDown();
      assertEquals("done", call.get(WAIT.toSeconds(), TimeUnit.SECONDS).result().payloadAsString());
      closing.get(WAIT.toSeconds(), TimeUnit.SECONDS);
    }
  }

  @Test
  void close_removesSocket_clientsThenSeeNoAgent() throws IOException {
    server.close();
    assertFalse(server.socketPath().toFile().exists());
    assertThrows(AgentNotRunningException.class, () -> ControlClient.connect(dataDir));
  }

  @Test
  void stopAccepting_openConnection_newRequestsAnsweredShuttingDown() throws IOException {
    try (RawConnection raw = new RawConnection(dataDir)) {
      raw.channel.write(Request.newBuilder().setStatus(StatusRequest.getDefaultInstance()).build());
      assertTrue(raw.read().hasStatus(), "served before the stop");
      server.stopAccepting();
      raw.channel.write(Request.newBuilder().setStatus(StatusRequest.getDefaultInstance()).build());
      assertEquals(ErrorCode.ERROR_CODE_SHUTTING_DOWN, raw.readError());
    }
  }

  /** A client that speaks raw frames, to send what a well-behaved client never would. */
  private static final class RawConnection implements AutoCloseable {
    final MessageChannel channel;

    RawConnection(Path dataDir) throws IOException {
      channel = new MessageChannel(ControlSocket.connect(dataDir));
    }

    Response read() throws IOException {
      byte[] bytes = channel.read(1 << 20);
      if (bytes == null) {
        throw new IOException("the agent closed the connection");
      }
      return Response.parseFrom(bytes);
    }

    ErrorCode readError() throws IOException {
      Response response = read();
      assertTrue(response.hasError(), "expected an error, got " + response);
      assertFalse(response.getError().getMessage().isEmpty());
      return response.getError().getCode();
    }

    @Override
    public void close() throws IOException {
      channel.close();
    }
  }
}
