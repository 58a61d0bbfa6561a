package dev.echomesh.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.echomesh.agent.AnyCall.Next;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.testing.FakeTicker;
import dev.echomesh.agent.testing.TestPeers;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnyCallTest {

  private static final NodeId A = TestPeers.nodeId("a");
  private static final NodeId B = TestPeers.nodeId("b");
  private static final long SECOND = 1_000_000_000L;

  private final FakeTicker ticker = new FakeTicker();

  @ParameterizedTest(name = "{0} on attempt {1}, alive {2} -> {3}")
  @CsvSource({
      "OK, 1, true, DONE",
      "FAILED, 1, true, DONE",
      "INVALID, 1, true, DONE",
      "TIMEOUT, 1, true, DONE",
      "CANCELLED, 1, true, DONE",
      "OVERLOADED, 1, true, NEXT_PEER",
      "NOT_FOUND, 1, true, NEXT_PEER",
      "DENIED, 1, true, NEXT_PEER",
      "UNAVAILABLE, 1, true, SAME_PEER",
      "UNAVAILABLE, 2, true, NEXT_PEER",
      "UNAVAILABLE, 1, false, NEXT_PEER"})
  void next_table(TaskStatus status, int attemptsOnPeer, boolean alive, Next expected) {
    assertEquals(expected, AnyCall.next(status, attemptsOnPeer, alive));
  }

  /** Answers calls from a script, recording peer and key of each. */
  private static final class ScriptedCalls implements AnyCall.PeerCall {
    final Deque<TaskResult> answers = new ArrayDeque<>();
    final List<NodeId> peers = new ArrayList<>();
    final List<byte[]> keys = new ArrayList<>();

    ScriptedCalls(TaskResult... answers) {
      this.answers.addAll(List.of(answers));
    }

    @Override
    public CompletableFuture<TaskResult> call(NodeId peer, long timeoutNanos, byte[] key) {
      peers.add(peer);
      keys.add(key);
      return CompletableFuture.completedFuture(answers.removeFirst());
    }
  }

  private static TaskResult error(TaskStatus status) {
    return TaskResult.error(status, status.name());
  }

  @Test
  void start_firstOverloaded_secondAnswersAfterTwoAttempts() {
    ScriptedCalls calls = new ScriptedCalls(error(TaskStatus.OVERLOADED), TaskResult.ok(new byte[] {1}));
    AnyCallResult result = new AnyCall(List.of(A, B), calls, id -> true, ticker, SECOND, new byte[] {9})
        .start("none").join();
    assertEquals(new AnyCallResult(B, 2, 2, result.result()), result);
    assertEquals(TaskStatus.OK, result.result().status());
    assertEquals(List.of(A, B), calls.peers);
  }

  @Test
  void start_lostLinkOnLivePeer_retriesTheSamePeerWithTheSameKey() {
    ScriptedCalls calls = new ScriptedCalls(error(TaskStatus.UNAVAILABLE), TaskResult.ok(new byte[0]));
    byte[] key = {1, 2, 3};
    AnyCallResult result = new AnyCall(List.of(A, B), calls, id -> true, ticker, SECOND, key).start("none").join();
    assertEquals(A, result.peer());
    assertEquals(2, result.attempts());
    assertEquals(1, result.peersTried());
    assertEquals(List.of(A, A), calls.peers);
    assertEquals(Set.of(key), Set.copyOf(calls.keys));
  }

  @Test
  void start_lostLinkOnDeadPeer_goesToTheNextPeer() {
    ScriptedCalls calls = new ScriptedCalls(error(TaskStatus.UNAVAILABLE), TaskResult.ok(new byte[0]));
    AnyCallResult result = new AnyCall(List.of(A, B), calls, id -> !id.equals(A), ticker, SECOND, new byte[] {1})
        .start("none").join();
    assertEquals(List.of(A, B), calls.peers);
    assertEquals(B, result.peer());
  }

  @Test
  void start_everyPeerOverloaded_endsWithTheLastAnswer() {
    ScriptedCalls calls = new ScriptedCalls(error(TaskStatus.OVERLOADED), error(TaskStatus.NOT_FOUND));
    AnyCallResult result = new AnyCall(List.of(A, B), calls, id -> true, ticker, SECOND, new byte[] {1})
        .start("none").join();
    assertEquals(TaskStatus.NOT_FOUND, result.result().status());
    assertEquals(2, result.attempts());
  }

  @Test
  void start_failedTask_isNotRetriedElsewhere() {
    ScriptedCalls calls = new ScriptedCalls(error(TaskStatus.FAILED));
    AnyCallResult result = new AnyCall(List.of(A, B), calls, id -> true, ticker, SECOND, new byte[] {1})
        .start("none").join();
    assertEquals(TaskStatus.FAILED, result.result().status());
    assertEquals(List.of(A), calls.peers);
  }

  @Test
  void start_deadlinePassedDuringFirstAttempt_endsTimeoutWithoutTryingTheNext() {
    AnyCall.PeerCall slow = (peer, nanos, key) -> {
      ticker.advanceNanos(nanos);
      return CompletableFuture.completedFuture(error(TaskStatus.OVERLOADED));
    };
    AnyCallResult result = new AnyCall(List.of(A, B), slow, id -> true, ticker, SECOND, new byte[] {1})
        .start("none").join();
    assertEquals(TaskStatus.TIMEOUT, result.result().status());
    assertEquals(A, result.peer());
    assertEquals(1, result.attempts());
  }

  @Test
  void start_noCandidates_unavailableAfterZeroAttempts() {
    AnyCallResult result = new AnyCall(List.of(), new ScriptedCalls(), id -> true, ticker, SECOND, new byte[] {1})
        .start("no ALIVE peer offers 'x'").join();
    assertNull(result.peer());
    assertEquals(0, result.attempts());
    assertEquals(TaskStatus.UNAVAILABLE, result.result().status());
    assertEquals("no ALIVE peer offers 'x'", result.result().message());
  }
}
