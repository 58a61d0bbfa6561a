package dev.echomesh.agent.task.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.testing.FakeClock;
import dev.echomesh.agent.testing.FakeTicker;
import dev.echomesh.agent.testing.TestPeers;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AtMostOnceHandlerTest {

  private static final NodeId ALICE = TestPeers.nodeId("alice");
  private static final NodeId BOB = TestPeers.nodeId("bob");
  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  private final FakeTicker ticker = new FakeTicker();
  private final FakeClock clock = FakeClock.fixedAt(START);
  /** The runs the delegate started, each with the sink its result goes to. */
  private final List<CallHandler.ResultSink> runs = new ArrayList<>();
  private final AtomicInteger interrupts = new AtomicInteger();
  private final AtMostOnceHandler handler = new AtMostOnceHandler((request, sink) -> {
    runs.add(sink);
    return interrupts::incrementAndGet;
  }, Duration.ofMinutes(1), 100, 1 << 20, ticker, clock);

  @AfterEach
  void close() {
    handler.close();
  }

  private static TaskRequest request(NodeId caller, String key, Duration timeout) {
    return new TaskRequest(caller, "work", new byte[0], START.plus(timeout), key == null ? null : key.getBytes());
  }

  /** A sink that keeps what it got. */
  private static final class Received implements CallHandler.ResultSink {
    final AtomicReference<TaskResult> result = new AtomicReference<>();

    @Override
    public void complete(TaskResult taskResult) {
      result.set(taskResult);
    }
  }

  @Test
  void start_repeatWhileRunning_runsOnceAndBothGetTheOutcome() {
    Received first = new Received();
    Received repeat = new Received();
    handler.start(request(ALICE, "k", Duration.ofSeconds(10)), first);
    handler.start(request(ALICE, "k", Duration.ofSeconds(10)), repeat);
    TaskResult ok = TaskResult.ok(new byte[] {1});
    runs.get(0).complete(ok);

    assertEquals(1, runs.size());
    assertEquals(ok, first.result.get());
    assertEquals(ok, repeat.result.get());
  }

  @Test
  void start_repeatAfterTheRun_getsTheRememberedResultWithoutRunning() {
    handler.start(request(ALICE, "k", Duration.ofSeconds(10)), new Received());
    TaskResult ok = TaskResult.ok(new byte[] {2});
    runs.get(0).complete(ok);
    Received repeat = new Received();

    handler.start(request(ALICE, "k", Duration.ofSeconds(10)), repeat);

    assertEquals(1, runs.size());
    assertEquals(ok, repeat.result.get());
  }

  @Test
  void start_repeatAfterTheWindow_runsAgain() {
    handler.start(request(ALICE, "k", Duration.ofSeconds(10)), new Received());
    runs.get(0).complete(TaskResult.ok(new byte[0]));
    ticker.advance(Duration.ofMinutes(1));

    handler.start(request(ALICE, "k", Duration.ofSeconds(10)), new Received());

    assertEquals(2, runs.size());
  }

  @Test
  void start_sameKeyFromAnotherCaller_runsSeparately() {
    handler.start(request(ALICE, "k", Duration.ofSeconds(10)), new Received());
    handler.start(request(BOB, "k", Duration.ofSeconds(10)), new Received());
    assertEquals(2, runs.size());
  }

  @Test
  void start_withoutKey_runsEveryTime() {
    handler.start(request(ALICE, null, Duration.ofSeconds(10)), new Received());
    handler.start(request(ALICE, null, Duration.ofSeconds(10)), new Received());
    assertEquals(2, runs.size());
  }

  @Test
  void start_outcomeOfATaskThatDidNotRun_isNotRemembered() {
    handler.start(request(ALICE, "k", Duration.ofSeconds(10)), new Received());
    runs.get(0).complete(TaskResult.error(TaskStatus.OVERLOADED, "busy"));

    handler.start(request(ALICE, "k", Duration.ofSeconds(10)), new Received());

    assertEquals(2, runs.size());
  }

  @Test
  void start_keyLongerThanAllowed_invalidWithoutRunning() {
    Received received = new Received();
    handler.start(request(ALICE, "k".repeat(IdempotencyCache.MAX_KEY_BYTES + 1), Duration.ofSeconds(10)), received);
    assertEquals(TaskStatus.INVALID, received.result.get().status());
    assertEquals(0, runs.size());
  }

  @Test
  void interrupt_lastCallerGoneBeforeTheDeadline_runGoesOnAndARetryGetsItsOutcome() {
    Received lost = new Received();
    CallHandler.CallHandle handle = handler.start(request(ALICE, "k", Duration.ofSeconds(10)), lost);
    handle.interrupt(); // the link was cut
    TaskResult ok = TaskResult.ok(new byte[] {3});
    runs.get(0).complete(ok);
    Received retry = new Received();

    handler.start(request(ALICE, "k", Duration.ofSeconds(10)), retry);

    assertEquals(0, interrupts.get());
    assertNull(lost.result.get());
    assertEquals(ok, retry.result.get());
  }

  @Test
  void interrupt_lastCallerGoneAtTheDeadline_interruptsTheRun() {
    CallHandler.CallHandle handle = handler.start(request(ALICE, "k", Duration.ofSeconds(10)), new Received());
    clock.step(Duration.ofSeconds(10));
    handle.interrupt();
    assertEquals(1, interrupts.get());
  }

  @Test
  void interrupt_oneOfTwoCallersGone_runGoesOnForTheOther() {
    CallHandler.CallHandle first = handler.start(request(ALICE, "k", Duration.ofSeconds(10)), new Received());
    Received second = new Received();
    handler.start(request(ALICE, "k", Duration.ofSeconds(10)), second);
    clock.step(Duration.ofSeconds(10));
    first.interrupt();
    TaskResult ok = TaskResult.ok(new byte[0]);
    runs.get(0).complete(ok);

    assertEquals(0, interrupts.get());
    assertEquals(ok, second.result.get());
  }
}
