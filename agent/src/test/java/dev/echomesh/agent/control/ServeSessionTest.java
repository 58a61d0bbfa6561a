package dev.echomesh.agent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.HttpContent;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServeSessionTest {

  private static final String TASK = "greet";
  private static final NodeId CALLER = node(1);

  private final EmbeddedChannel channel = new EmbeddedChannel();
  private final CallEvents events =
      new CallEvents(new EventHub(), Clock.systemUTC(), new CallMetrics(new PrometheusRegistry(), name -> true));

  @AfterEach
  void close() {
    channel.finishAndReleaseAll();
  }

  @Test
  void answer_callerCallsAgainWhenItHearsTheResult_theCallsPlaceIsFree() throws ControlException {
    ServeSession session = session(new ServedTask(TASK, "", 1));
    AtomicReference<CompletableFuture<TaskResult>> again = new AtomicReference<>();
    session.start(request(CALLER)).thenAccept(result -> again.set(session.start(request(CALLER))));

    session.answer(1, TaskResult.ok("hi".getBytes(StandardCharsets.UTF_8)));

    assertFalse(again.get().isDone(), () -> "the next call ended at once: " + again.get().join());
  }

  @Test
  void start_callerGivesUp_programGetsCancelAndThePlaceIsFree() {
    ServeSession session = session(new ServedTask(TASK, "", 1));
    CompletableFuture<TaskResult> first = session.start(request(CALLER));

    first.cancel(false);

    assertTrue(sentEvents().stream().anyMatch(text -> text.contains("event: cancel\ndata: {\"call\":1}")));
    assertFalse(session.start(request(CALLER)).isDone());
  }

  @Test
  void start_programSilentPastTheDeadline_timeoutAndCancelSentAndThePlaceIsFree() {
    channel.freezeTime();
    ServeSession session = session(new ServedTask(TASK, "", 1));
    CompletableFuture<TaskResult> first =
        session.start(new TaskRequest(CALLER, TASK, new byte[0], Instant.now().plusSeconds(2)));
    sentEvents(); // registered, call

    channel.advanceTimeBy(3, TimeUnit.SECONDS);
    channel.runScheduledPendingTasks();

    assertEquals(TaskStatus.TIMEOUT, first.getNow(null).status());
    assertTrue(sentEvents().stream().anyMatch(text -> text.contains("event: cancel\ndata: {\"call\":1}")));
    assertFalse(session.start(request(CALLER)).isDone());
  }

  @Test
  void answer_beforeTheDeadline_deadlineTimerCancelled() throws ControlException {
    channel.freezeTime();
    ServeSession session = session(new ServedTask(TASK, "", 1)); // keepalive in 1 minute
    CompletableFuture<TaskResult> call = session.start(request(CALLER)); // deadline in 30 s

    session.answer(1, TaskResult.ok(new byte[0]));

    assertEquals(TaskStatus.OK, call.getNow(null).status());
    long nextTimerNanos = channel.runScheduledPendingTasks();
    assertTrue(nextTimerNanos > TimeUnit.SECONDS.toNanos(31), "a timer is left before the keepalive: " + nextTimerNanos);
  }

  @Test
  void start_callerNotOnTheAllowList_deniedAndNothingSent() {
    ServeSession session = session(new ServedTask(TASK, "", 1, Set.of(node(2))));
    sentEvents(); // the registered event

    TaskResult result = session.start(request(CALLER)).getNow(null);

    assertEquals(TaskStatus.DENIED, result.status());
    assertTrue(result.message().contains(CALLER.toString()), result.message());
    assertTrue(sentEvents().isEmpty());
  }

  @Test
  void start_callerOnTheAllowList_handedToTheProgram() {
    ServeSession session = session(new ServedTask(TASK, "", 1, Set.of(node(2), CALLER)));
    sentEvents();

    CompletableFuture<TaskResult> result = session.start(request(CALLER));

    assertFalse(result.isDone());
    assertTrue(sentEvents().stream().anyMatch(text -> text.contains("event: call\n")));
  }

  @Test
  void start_emptyAllowList_deniesEveryone() {
    ServeSession session = session(new ServedTask(TASK, "", 1, Set.of()));

    assertEquals(TaskStatus.DENIED, session.start(request(CALLER)).getNow(null).status());
  }

  private ServeSession session(ServedTask task) {
    ServeSession session = new ServeSession("s1", Map.of(task.name(), task), events, Clock.systemUTC());
    session.attach(new SseStream(channel, Duration.ofMinutes(1), () -> {}));
    return session;
  }

  private List<String> sentEvents() {
    List<String> texts = new ArrayList<>();
    for (Object message; (message = channel.readOutbound()) != null; ) {
      HttpContent content = (HttpContent) message;
      texts.add(content.content().toString(StandardCharsets.UTF_8));
      content.release();
    }
    return texts;
  }

  private static TaskRequest request(NodeId caller) {
    return new TaskRequest(caller, TASK, new byte[0], Instant.now().plusSeconds(30));
  }

  static NodeId node(int seed) {
    byte[] bytes = new byte[32];
    Arrays.fill(bytes, (byte) seed);
    return NodeId.fromBytes(bytes);
  }
}
