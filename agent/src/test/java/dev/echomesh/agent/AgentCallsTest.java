package dev.echomesh.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.task.TaskHandler;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.testing.GateTask;
import dev.echomesh.agent.testing.LoopbackAgents;
import dev.echomesh.agent.testing.TestMeshes;
import dev.echomesh.agent.testing.TestMeshes.TestMesh;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Two agents on loopback calling each other's tasks over real TLS links. */
class AgentCallsTest {

  private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);
  private static final Duration WAIT = Duration.ofSeconds(30);

  private final LoopbackAgents agents = new LoopbackAgents();
  private final TestMesh mesh = TestMeshes.newMesh();
  private final GateTask slow = new GateTask("slow");
  private Agent a;
  private Agent b;

  @BeforeEach
  void setUp() {
    Agent[] pair = agents.linkedPair(mesh,
        LoopbackAgents.config(mesh, "a").task(new ThrowingTask()).task(slow),
        LoopbackAgents.config(mesh, "b").task(new ThrowingTask()).task(slow));
    a = pair[0];
    b = pair[1];
  }

  @AfterEach
  void tearDown() {
    agents.close();
  }

  private TaskResult call(Agent from, Agent to, String task, String payload) {
    return from.call(to.nodeId(), task, payload.getBytes(StandardCharsets.UTF_8), CALL_TIMEOUT).join();
  }

  /** The payload of a call that must succeed; a failed call fails the test with its status and message. */
  private String okPayload(Agent from, Agent to, String task, String payload) {
    TaskResult result = call(from, to, task, payload);
    assertEquals(TaskStatus.OK, result.status(), "'" + task + "' from " + from.name() + " to " + to.name() + ": " + result);
    return result.payloadAsString();
  }

  @Test
  void peers_afterLinking_listEachOtherAliveWithNameAndPort() {
    Peer bAtA = a.findPeer("b").orElseThrow();
    assertEquals(b.nodeId(), bAtA.id());
    assertEquals(PeerState.ALIVE, bAtA.state());
    assertEquals(b.linkAddress().getPort(), bAtA.linkPort());
    Peer aAtB = b.findPeer(a.nodeId().toString()).orElseThrow();
    assertEquals(a.linkAddress().getPort(), aAtB.linkPort());
  }

  @Test
  void call_echoAndReverse_workInBothDirections() {
    assertEquals("hello", okPayload(a, b, "echo", "hello"));
    assertEquals("olleh", okPayload(b, a, "reverse", "hello"));
    assertEquals("🎉ba", okPayload(a, b, "reverse", "ab🎉"));
  }

  @Test
  void call_reverseWithInvalidUtf8_isInvalid() {
    TaskResult result = a.call(b.nodeId(), "reverse", new byte[] {(byte) 0xC3, 0x28}, CALL_TIMEOUT).join();
    assertEquals(TaskStatus.INVALID, result.status());
  }

  @Test
  void call_sysinfo_describesTheCalleeAsJson() throws Exception {
    TaskResult result = call(b, a, "sysinfo", "");
    assertEquals(TaskStatus.OK, result.status(), result.message());
    JsonNode info = new ObjectMapper().readTree(result.payload());
    assertTrue(info.get("cpus").asInt() >= 1);
    assertEquals(System.getProperty("os.arch"), info.get("arch").asText());
    assertEquals(AgentVersion.current(), info.get("agentVersion").asText());
    assertTrue(info.get("memory").get("heapMaxBytes").asLong() > 0);
    boolean loopbackListed = false;
    for (JsonNode nic : info.get("interfaces")) {
      for (JsonNode address : nic.get("addresses")) {
        loopbackListed |= address.asText().equals("127.0.0.1");
      }
    }
    assertTrue(loopbackListed, info.toString());
  }

  @Test
  void call_tasks_listsTheCalleesTasksWithDescriptions() throws Exception {
    JsonNode tasks = new ObjectMapper().readTree(call(a, b, "tasks", "").payload());
    List<String> names = new ArrayList<>();
    tasks.forEach(t -> {
      names.add(t.get("name").asText());
      assertTrue(!t.get("description").asText().isEmpty());
    });
    assertEquals(List.of("echo", "fail", "file.get", "file.list", "file.put", "file.put-batch", "reverse", "slow", "sysinfo", "tasks"), names);
  }

  @Test
  void call_tenMebibytePayload_roundTripsIntact() {
    byte[] payload = new byte[10 * 1024 * 1024];
    new Random(7).nextBytes(payload);
    TaskResult result = a.call(b.nodeId(), "echo", payload, CALL_TIMEOUT).join();
    assertEquals(TaskStatus.OK, result.status(), result.message());
    assertArrayEquals(payload, result.payload());
  }

  @Test
  void call_payloadOfExactlyTheFrameLimit_isChunkedAndRoundTrips() {
    byte[] payload = new byte[dev.echomesh.agent.link.LinkConfig.DEFAULT_MAX_FRAME_BYTES];
    new Random(16).nextBytes(payload);
    TaskResult result = a.call(b.nodeId(), "echo", payload, CALL_TIMEOUT).join();
    assertEquals(TaskStatus.OK, result.status(), result.message());
    assertArrayEquals(payload, result.payload());
    assertEquals("ok", okPayload(a, b, "echo", "ok"));
  }

  @Test
  void call_thousandConcurrentOnOneLink_allCompleteWithTheirOwnResults() {
    List<CompletableFuture<TaskResult>> calls = new ArrayList<>();
    for (int i = 0; i < 1000; i++) {
      calls.add(a.call(b.nodeId(), i % 3 == 0 ? "reverse" : "echo",
          ("call-" + i).getBytes(StandardCharsets.UTF_8), CALL_TIMEOUT));
    }
    for (int i = 0; i < 1000; i++) {
      TaskResult result = calls.get(i).join();
      assertEquals(TaskStatus.OK, result.status(), "call " + i + ": " + result);
      String expected = i % 3 == 0 ? new StringBuilder("call-" + i).reverse().toString() : "call-" + i;
      assertEquals(expected, result.payloadAsString());
    }
  }

  @Test
  void call_pastTheInFlightBound_isOverloadedAtOnceNotQueued() {
    Agent[] small = agents.linkedPair(mesh,
        LoopbackAgents.config(mesh, "c").link(l -> l.maxInFlightCallsPerLink(8)),
        LoopbackAgents.config(mesh, "d").task(slow));
    List<CompletableFuture<TaskResult>> calls = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      calls.add(small[0].call(small[1].nodeId(), "slow", new byte[0], CALL_TIMEOUT));
    }
    await().atMost(WAIT).until(() -> calls.stream().filter(CompletableFuture::isDone).count() == 12);
    calls.stream().filter(CompletableFuture::isDone)
        .forEach(c -> assertEquals(TaskStatus.OVERLOADED, c.join().status()));
    slow.release.countDown();
    assertEquals(8, calls.stream().filter(c -> c.join().isOk()).count());
  }

  @Test
  void call_unknownTask_isNotFound() {
    TaskResult result = call(a, b, "no-such-task", "");
    assertEquals(TaskStatus.NOT_FOUND, result.status());
    assertTrue(result.message().contains("no-such-task"), result.message());
  }

  @Test
  void call_throwingHandler_isFailedWithItsMessage() {
    TaskResult result = call(a, b, "fail", "");
    assertEquals(TaskStatus.FAILED, result.status());
    assertEquals("the disk is on fire", result.message());
  }

  @Test
  void call_handlerSlowerThanTheDeadline_timeoutAtCallerAndInterruptedAtCallee() {
    CompletableFuture<TaskResult> call = a.call(b.nodeId(), "slow", new byte[0], Duration.ofMillis(300));
    await().atMost(WAIT).until(call::isDone);
    assertEquals(TaskStatus.TIMEOUT, call.join().status());
    await("the handler at the callee sees the interruption").atMost(WAIT).until(() -> slow.interrupted.getCount() == 0);
    assertEquals("still works", okPayload(a, b, "echo", "still works"));
  }

  @Test
  void call_deadline_theFutureCompletesSoonAfterIt() {
    CompletableFuture<TaskResult> call = a.call(b.nodeId(), "slow", new byte[0], Duration.ofSeconds(1));
    // Well before the deadline it waits; generously after it, it is done.
    await().pollDelay(Duration.ofMillis(100)).atMost(Duration.ofSeconds(6)).until(call::isDone);
    assertEquals(TaskStatus.TIMEOUT, call.join().status());
  }

  @Test
  void call_taskWithAnAllowList_onlyListedCallersMayCallIt() {
    Agent c = agents.start(LoopbackAgents.config(mesh, "c")
        .allowCallers("echo", java.util.Set.of(a.nodeId()))
        .link(l -> l.staticPeer(a.linkAddress()).staticPeer(b.linkAddress())));
    agents.awaitLinked(a, c);
    agents.awaitLinked(b, c);
    assertEquals("allowed", okPayload(a, c, "echo", "allowed"));
    TaskResult denied = call(b, c, "echo", "denied");
    assertEquals(TaskStatus.DENIED, denied.status());
    assertTrue(denied.message().contains(b.nodeId().toString()), denied.message());
    assertEquals("olleh", okPayload(b, c, "reverse", "hello"));
  }

  @Test
  void broadcast_callsEveryAlivePeer() {
    Map<dev.echomesh.agent.identity.NodeId, TaskResult> results =
        a.broadcast("echo", "all".getBytes(StandardCharsets.UTF_8), CALL_TIMEOUT).join();
    assertEquals(1, results.size());
    assertEquals("all", results.get(b.nodeId()).payloadAsString());
  }

  @Test
  void close_callInFlight_finishesBeforeTheLinkCloses() throws Exception {
    CompletableFuture<TaskResult> call = a.call(b.nodeId(), "slow", "x".getBytes(), CALL_TIMEOUT);
    assertTrue(slow.started.await(WAIT.toSeconds(), TimeUnit.SECONDS));
    CompletableFuture<Void> closing = CompletableFuture.runAsync(b::close);
    await().atMost(WAIT).until(() -> a.call(b.nodeId(), "echo", new byte[0], CALL_TIMEOUT).join().status()
        != TaskStatus.OK);
    slow.release.countDown();
    assertEquals(TaskStatus.OK, call.join().status(), call.join().message());
    closing.get(WAIT.toSeconds(), TimeUnit.SECONDS);
  }

  @Test
  void close_onALinkThread_isRefusedAndClosesNothing() {
    CompletableFuture<Throwable> attempt = a.call(b.nodeId(), "slow", new byte[0], Duration.ofSeconds(2))
        .handle((result, error) -> {
          try {
            a.close();
            return null;
          } catch (IllegalStateException e) {
            return e;
          }
        });
    Throwable refused = attempt.join();
    assertTrue(refused instanceof IllegalStateException, String.valueOf(refused));
    assertEquals("still open", okPayload(a, b, "echo", "still open"));
  }

  /** Throws: its callers must get FAILED with the exception's message. */
  static final class ThrowingTask implements TaskHandler {
    @Override
    public String name() {
      return "fail";
    }

    @Override
    public String description() {
      return "Always fails";
    }

    @Override
    public TaskResult handle(TaskRequest request) {
      throw new IllegalStateException("the disk is on fire");
    }
  }
}
