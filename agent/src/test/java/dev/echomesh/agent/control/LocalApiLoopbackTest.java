package dev.echomesh.agent.control;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.Agent;
import dev.echomesh.agent.task.TaskInfo;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.testing.LoopbackAgents;
import dev.echomesh.agent.testing.TestMeshes;
import dev.echomesh.agent.testing.TestMeshes.TestMesh;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local API end to end: two agents on loopback, each with its control socket; calls go from
 * a's API over the link to b, where a program serving through b's API answers them.
 */
class LocalApiLoopbackTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path temp;

  private final LoopbackAgents agents = new LoopbackAgents();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private Path dirA;
  private Path dirB;
  private Agent a;
  private Agent b;

  @BeforeEach
  void startTwoAgents() throws IOException {
    TestMesh mesh = TestMeshes.newMesh();
    dirA = temp.resolve("a");
    dirB = temp.resolve("b");
    ControlServer serverA = ControlServer.bind(dirA, ControlConfig.defaults());
    ControlServer serverB = ControlServer.bind(dirB, ControlConfig.defaults());
    closeables.add(serverA);
    closeables.add(serverB);
    Agent[] pair =
        agents.linkedPair(
            mesh,
            LoopbackAgents.config(mesh, "a").externalTasks(serverA.externalTasks()),
            LoopbackAgents.config(mesh, "b").externalTasks(serverB.externalTasks()));
    a = pair[0];
    b = pair[1];
    serverA.start(a);
    serverB.start(b);
  }

  @AfterEach
  void stop() throws Exception {
    for (AutoCloseable closeable : closeables) {
      closeable.close();
    }
    agents.close();
  }

  @Test
  void call_remoteEcho_payloadBackWithOk() throws IOException {
    try (ControlClient client = ControlClient.connect(dirA)) {
      CallOutcome outcome = client.call("b", "echo", "hello".getBytes(UTF_8), Duration.ofSeconds(10));
      assertEquals(TaskStatus.OK, outcome.result().status());
      assertEquals("hello", outcome.result().payloadAsString());
      assertEquals(b.nodeId(), outcome.peer());
      assertEquals("b", outcome.peerName());
    }
  }

  @Test
  void call_unknownTask_notFoundOutcomeWithMessage() throws IOException {
    try (ControlClient client = ControlClient.connect(dirA)) {
      CallOutcome outcome = client.call("b", "nosuch", new byte[0], Duration.ofSeconds(10));
      assertEquals(TaskStatus.NOT_FOUND, outcome.result().status());
      assertTrue(outcome.result().message().contains("nosuch"), outcome.result().message());
    }
  }

  @Test
  void call_unknownPeer_peerNotFound() throws IOException {
    try (ControlClient client = ControlClient.connect(dirA)) {
      ControlException e =
          assertThrows(
              ControlException.class,
              () -> client.call("zed", "echo", new byte[0], Duration.ofSeconds(1)));
      assertEquals(ControlError.PEER_NOT_FOUND, e.error());
    }
  }

  @Test
  void events_snapshotThenCall_consecutiveIds() throws IOException {
    try (HttpConnection events = HttpConnection.open(dirA)) {
      events.send(get("/v1/events"), WAIT);
      assertEquals(200, events.head(WAIT).status().code());
      SseReader reader = new SseReader(events);
      SseReader.Event snapshot = reader.next(WAIT);
      assertEquals("peers", snapshot.name());
      assertEquals(1, snapshot.id());
      assertTrue(snapshot.data().contains(b.nodeId().toString()), snapshot.data());
      try (ControlClient client = ControlClient.connect(dirA)) {
        client.call("b", "echo", "x".getBytes(UTF_8), Duration.ofSeconds(10));
      }
      SseReader.Event event = reader.next(WAIT);
      long previous = snapshot.id();
      while (!event.name().equals("call")) {
        assertEquals(previous + 1, event.id(), "consecutive IDs on one stream");
        previous = event.id();
        event = reader.next(WAIT);
      }
      assertEquals(previous + 1, event.id());
      assertTrue(event.data().contains("\"task\":\"echo\""), event.data());
      assertTrue(event.data().contains("\"status\":\"OK\""), event.data());
    }
  }

  @Test
  void watchPeers_firstUpdateIsTheSnapshot() throws IOException {
    try (ControlClient client = ControlClient.connect(dirA);
        PeerWatch watch = client.watchPeers()) {
      PeerWatch.Update first = watch.next();
      assertTrue(first.snapshot());
      assertEquals(b.nodeId(), first.peers().get(0).id());
    }
  }

  @Test
  void watchPeers_closedByAnotherThreadWhileWaiting_nextEndsWithIoException() throws Exception {
    ControlClient client = ControlClient.connect(dirA);
    PeerWatch watch = client.watchPeers();
    watch.next(); // the snapshot; the next update may be a while
    CompletableFuture<Throwable> reader =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                while (watch.next() != null) {
                  // keep reading until the close ends the stream
                }
                return null;
              } catch (IOException | RuntimeException e) {
                return e;
              }
            });
    watch.close();
    Throwable ended = reader.get();
    assertTrue(ended == null || ended instanceof IOException, String.valueOf(ended));
  }

  @Test
  void serve_callAnsweredByTheProgram_resultReachesTheCaller() throws Exception {
    try (ServeClient program = serve("greet", 2)) {
      assertTrue(
          b.tasks().contains(new TaskInfo("greet", "says hello", TaskInfo.EXTERNAL_PROGRAM)));
      CompletableFuture<CallOutcome> call = callAsync("greet", "bob", Duration.ofSeconds(10));
      IncomingCall incoming = program.next();
      assertEquals("greet", incoming.task());
      assertEquals(a.nodeId(), incoming.caller());
      assertEquals("bob", new String(incoming.payload(), UTF_8));
      program.answer(incoming.id(), TaskResult.ok("hello bob".getBytes(UTF_8)));
      CallOutcome outcome = call.get();
      assertEquals(TaskStatus.OK, outcome.result().status());
      assertEquals("hello bob", outcome.result().payloadAsString());
    }
  }

  @Test
  void serve_programReportsFailure_callerGetsItsStatusAndMessage() throws Exception {
    try (ServeClient program = serve("greet", 1)) {
      CompletableFuture<CallOutcome> call = callAsync("greet", "x", Duration.ofSeconds(10));
      IncomingCall incoming = program.next();
      program.answer(incoming.id(), TaskResult.error(TaskStatus.INVALID, "no such name: x é"));
      CallOutcome outcome = call.get();
      assertEquals(TaskStatus.INVALID, outcome.result().status());
      assertEquals("no such name: x é", outcome.result().message());
    }
  }

  @Test
  void serve_programDisconnectsMidCall_callerGetsUnavailableAndTheTaskIsGone() throws Exception {
    CompletableFuture<CallOutcome> call;
    try (ServeClient program = serve("greet", 1)) {
      call = callAsync("greet", "x", Duration.ofSeconds(60));
      assertNotNull(program.next());
    }
    CallOutcome outcome = call.get();
    assertEquals(TaskStatus.UNAVAILABLE, outcome.result().status());
    assertTrue(outcome.result().message().contains("disconnected"), outcome.result().message());
    await().atMost(WAIT).until(() -> b.tasks().stream().noneMatch(t -> t.name().equals("greet")));
  }

  @Test
  void serve_callsOverDeclaredConcurrency_overloaded() throws Exception {
    try (ServeClient program = serve("greet", 1)) {
      CompletableFuture<CallOutcome> first = callAsync("greet", "1", Duration.ofSeconds(30));
      IncomingCall incoming = program.next();
      CallOutcome second = callAsync("greet", "2", Duration.ofSeconds(30)).get();
      assertEquals(TaskStatus.OVERLOADED, second.result().status());
      program.answer(incoming.id(), TaskResult.ok(new byte[0]));
      assertEquals(TaskStatus.OK, first.get().result().status());
    }
  }

  @Test
  void serve_programNeverAnswers_callerDeadlineHolds() throws Exception {
    try (ServeClient program = serve("greet", 1)) {
      CompletableFuture<CallOutcome> call = callAsync("greet", "x", Duration.ofMillis(500));
      IncomingCall incoming = program.next();
      CallOutcome outcome = call.get();
      assertEquals(TaskStatus.TIMEOUT, outcome.result().status());
      ControlException late =
          assertThrows(
              ControlException.class,
              () -> program.answer(incoming.id(), TaskResult.ok(new byte[0])));
      assertEquals(ControlError.CALL_NOT_FOUND, late.error());
    }
  }

  @Test
  void serve_nameOfAnAgentTask_taskTaken() {
    ControlException e = assertThrows(ControlException.class, () -> serve("echo", 1));
    assertEquals(ControlError.TASK_TAKEN, e.error());
  }

  @Test
  void serve_nameAnotherProgramServes_taskTaken() throws IOException {
    try (ServeClient ignored = serve("greet", 1)) {
      ControlException e = assertThrows(ControlException.class, () -> serve("greet", 1));
      assertEquals(ControlError.TASK_TAKEN, e.error());
    }
  }

  @Test
  void serve_thousandsOfTasks_tooManyTasksAndNothingRegistered() {
    List<ServedTask> many = new ArrayList<>();
    for (int i = 0; i < 5000; i++) {
      many.add(new ServedTask("t" + i, "", 1));
    }
    ControlException e = assertThrows(ControlException.class, () -> ServeClient.open(dirB, many));
    assertEquals(ControlError.TOO_MANY_TASKS, e.error());
    assertFalse(b.tasks().stream().anyMatch(t -> t.name().equals("t0")));
  }

  @Test
  void serve_callerOnTheAllowList_answered() throws Exception {
    try (ServeClient program =
        ServeClient.open(dirB, List.of(new ServedTask("greet", "", 1, Set.of(a.nodeId()))))) {
      CompletableFuture<CallOutcome> call = callAsync("greet", "bob", Duration.ofSeconds(10));
      IncomingCall incoming = program.next();
      program.answer(incoming.id(), TaskResult.ok("hello bob".getBytes(UTF_8)));
      assertEquals("hello bob", call.get().result().payloadAsString());
    }
  }

  @Test
  void serve_callerNotOnTheAllowList_deniedWithoutReachingTheProgram() throws Exception {
    try (ServeClient program =
        ServeClient.open(dirB, List.of(new ServedTask("greet", "", 1, Set.of(b.nodeId()))))) {
      CallOutcome outcome = callAsync("greet", "bob", Duration.ofSeconds(10)).get();
      assertEquals(TaskStatus.DENIED, outcome.result().status());
      assertTrue(outcome.result().message().contains(a.nodeId().toString()), outcome.result().message());
      CallOutcome second = callAsync("greet", "bob", Duration.ofSeconds(10)).get();
      assertEquals(TaskStatus.DENIED, second.result().status(), "a denied call takes no place");
    }
  }

  @Test
  void serve_allowListWithAName_malformedRequestNamingIt() throws IOException {
    try (HttpConnection connection = HttpConnection.open(dirB)) {
      byte[] body = "{\"tasks\":[{\"name\":\"greet\",\"allow\":[\"alice\"]}]}".getBytes(UTF_8);
      DefaultFullHttpRequest request =
          new DefaultFullHttpRequest(
              HttpVersion.HTTP_1_1, HttpMethod.POST, "/v1/serve", Unpooled.wrappedBuffer(body));
      request.headers().set("Host", "localhost").setInt("Content-Length", body.length);
      connection.send(request, WAIT);
      HttpConnection.Response response = connection.receive(WAIT, 64 * 1024);
      String text = new String(response.body(), UTF_8);
      assertEquals(400, response.status(), text);
      assertTrue(text.contains("malformed_request") && text.contains("\\\"alice\\\""), text);
    }
    assertFalse(b.tasks().stream().anyMatch(t -> t.name().equals("greet")));
  }

  private ServeClient serve(String task, int concurrency) throws IOException {
    return ServeClient.open(dirB, List.of(new ServedTask(task, "says hello", concurrency)));
  }

  private CompletableFuture<CallOutcome> callAsync(String task, String payload, Duration timeout) {
    return CompletableFuture.supplyAsync(
        () -> {
          try (ControlClient client = ControlClient.connect(dirA)) {
            return client.call("b", task, payload.getBytes(UTF_8), timeout);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }

  private static DefaultFullHttpRequest get(String uri) {
    DefaultFullHttpRequest request =
        new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, uri, Unpooled.EMPTY_BUFFER);
    request.headers().set("Host", "localhost");
    return request;
  }
}
