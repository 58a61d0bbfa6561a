package dev.echomesh.agent;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.AnyCall.Condition;
import dev.echomesh.agent.AnyCall.Next;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.link.CallAttempt;
import dev.echomesh.agent.task.Dispatch;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.testing.FakeTicker;
import dev.echomesh.agent.testing.TestPeers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AnyCallTest {

  private static final NodeId A = TestPeers.nodeId("a");
  private static final NodeId B = TestPeers.nodeId("b");
  private static final long SECOND = 1_000_000_000L;
  /** The link timeout of the calls here: a tenth of their deadline. */
  private static final long LINK = SECOND / 10;

  private final FakeTicker ticker = new FakeTicker();

  @ParameterizedTest(name = "{0} ({1}, reached before {2}) on attempt {3}, peer {4} -> {5}")
  @CsvSource({
      "OK, SENT, false, 1, ALIVE, DONE",
      "FAILED, SENT, false, 1, ALIVE, DONE",
      "INVALID, SENT, false, 1, ALIVE, DONE",
      "TIMEOUT, SENT, false, 1, ALIVE, DONE",
      "TIMEOUT, SENT, false, 1, SILENT, DONE",
      "TIMEOUT, NOT_SENT, false, 1, SILENT, DONE",
      "CANCELLED, SENT, false, 1, ALIVE, DONE",
      "OVERLOADED, SENT, false, 1, ALIVE, NEXT_PEER",
      "NOT_FOUND, SENT, false, 1, ALIVE, NEXT_PEER",
      "DENIED, SENT, false, 1, ALIVE, NEXT_PEER",
      // the request may have reached the peer: stay with it
      "UNAVAILABLE, SENT, false, 1, ALIVE, SAME_PEER",
      "UNAVAILABLE, SENT, false, 1, SILENT, WAIT_FOR_PEER",
      "UNAVAILABLE, SENT, false, 1, GONE, NEXT_PEER",
      "UNAVAILABLE, SENT, true, 2, ALIVE, NEXT_PEER",
      "UNAVAILABLE, SENT, true, 2, SILENT, NEXT_PEER",
      // never left, nothing earlier reached it: the next peer, whatever its condition
      "UNAVAILABLE, NOT_SENT, false, 1, ALIVE, NEXT_PEER",
      "UNAVAILABLE, NOT_SENT, false, 1, SILENT, NEXT_PEER",
      "UNAVAILABLE, NOT_SENT, false, 1, GONE, NEXT_PEER",
      // never left, but an earlier request may have reached it: judged as that one
      "UNAVAILABLE, NOT_SENT, true, 1, ALIVE, SAME_PEER",
      "UNAVAILABLE, NOT_SENT, true, 1, SILENT, WAIT_FOR_PEER",
      "UNAVAILABLE, NOT_SENT, true, 1, GONE, NEXT_PEER",
      "UNAVAILABLE, NOT_SENT, true, 2, ALIVE, DONE",
      "UNAVAILABLE, NOT_SENT, true, 2, SILENT, DONE",
      "UNAVAILABLE, NOT_SENT, true, 2, GONE, NEXT_PEER",
      // refused: the process is gone, whatever reached it before
      "UNAVAILABLE, REFUSED, false, 1, ALIVE, NEXT_PEER",
      "UNAVAILABLE, REFUSED, false, 1, SILENT, NEXT_PEER",
      "UNAVAILABLE, REFUSED, true, 2, ALIVE, NEXT_PEER",
      "UNAVAILABLE, REFUSED, true, 2, SILENT, NEXT_PEER",
      "UNAVAILABLE, REFUSED, true, 1, SILENT, NEXT_PEER"})
  void next_table(TaskStatus status, Dispatch dispatch, boolean reachedBefore, int attemptsOnPeer,
      Condition condition, Next expected) {
    assertEquals(expected, AnyCall.next(status, dispatch, reachedBefore, attemptsOnPeer, condition));
  }

  /** Liveness from a map (ALIVE when absent); whenAlive futures handed out, for the test to complete. */
  private static final class ScriptedLiveness implements AnyCall.PeerLiveness {
    final Map<NodeId, Condition> conditions = new HashMap<>();
    final List<CompletableFuture<Void>> waits = new ArrayList<>();

    ScriptedLiveness with(NodeId peer, Condition condition) {
      conditions.put(peer, condition);
      return this;
    }

    @Override
    public Condition condition(NodeId peer) {
      return conditions.getOrDefault(peer, Condition.ALIVE);
    }

    @Override
    public CompletableFuture<Void> whenAlive(NodeId peer) {
      CompletableFuture<Void> wait = new CompletableFuture<>();
      waits.add(wait);
      return wait;
    }
  }

  private static final ScriptedLiveness ALL_ALIVE = new ScriptedLiveness();

  /** Answers calls from a script (SENT unless scripted otherwise), recording peer and key of each. */
  private static final class ScriptedCalls implements AnyCall.PeerCall {
    final Deque<CallAttempt> answers = new ArrayDeque<>();
    final List<NodeId> peers = new ArrayList<>();
    final List<byte[]> keys = new ArrayList<>();
    final List<Long> linkTimeouts = new ArrayList<>();

    ScriptedCalls(TaskResult... answers) {
      for (TaskResult answer : answers) {
        this.answers.add(new CallAttempt(answer, Dispatch.SENT));
      }
    }

    ScriptedCalls(CallAttempt... answers) {
      this.answers.addAll(List.of(answers));
    }

    @Override
    public CompletableFuture<CallAttempt> call(NodeId peer, long timeoutNanos, byte[] key, long linkTimeoutNanos) {
      peers.add(peer);
      linkTimeouts.add(linkTimeoutNanos);
      keys.add(key);
      return CompletableFuture.completedFuture(answers.removeFirst());
    }
  }

  private static CallAttempt attempt(TaskStatus status, Dispatch dispatch) {
    return new CallAttempt(error(status), dispatch);
  }

  private static CallAttempt ok(byte... payload) {
    return new CallAttempt(TaskResult.ok(payload), Dispatch.SENT);
  }

  private static TaskResult error(TaskStatus status) {
    return TaskResult.error(status, status.name());
  }

  @Test
  void start_firstOverloaded_secondAnswersAfterTwoAttempts() {
    ScriptedCalls calls = new ScriptedCalls(error(TaskStatus.OVERLOADED), TaskResult.ok(new byte[] {1}));
    AnyCallResult result = new AnyCall(List.of(A, B), calls, ALL_ALIVE, ticker, SECOND, LINK, new byte[] {9})
        .start("none").join();
    assertEquals(B, result.peer());
    assertEquals(2, result.peersTried());
    assertEquals(2, result.attempts());
    assertEquals(TaskStatus.OK, result.result().status());
    assertEquals(List.of(A, B), calls.peers);
  }

  @Test
  void start_lostLinkOnLivePeer_retriesTheSamePeerWithTheSameKey() {
    ScriptedCalls calls = new ScriptedCalls(error(TaskStatus.UNAVAILABLE), TaskResult.ok(new byte[0]));
    byte[] key = {1, 2, 3};
    AnyCallResult result = new AnyCall(List.of(A, B), calls, ALL_ALIVE, ticker, SECOND, LINK, key).start("none").join();
    assertEquals(A, result.peer());
    assertEquals(2, result.attempts());
    assertEquals(1, result.peersTried());
    assertEquals(List.of(A, A), calls.peers);
    assertEquals(Set.of(key), Set.copyOf(calls.keys));
  }

  @Test
  void start_lostLinkOnPeerThatLeft_goesToTheNextPeer() {
    ScriptedCalls calls = new ScriptedCalls(error(TaskStatus.UNAVAILABLE), TaskResult.ok(new byte[0]));
    AnyCallResult result = new AnyCall(List.of(A, B), calls, new ScriptedLiveness().with(A, Condition.GONE), ticker,
        SECOND, LINK, new byte[] {1}).start("none").join();
    assertEquals(List.of(A, B), calls.peers);
    assertEquals(B, result.peer());
    assertEquals(2, result.peersTried());
  }

  @Test
  void start_lostLinkOnSilentPeer_waitsAndAsksTheSamePeerAgainOnceAlive() {
    ScriptedCalls calls = new ScriptedCalls(error(TaskStatus.UNAVAILABLE), TaskResult.ok(new byte[] {7}));
    ScriptedLiveness liveness = new ScriptedLiveness().with(A, Condition.SILENT);
    byte[] key = {4, 2};
    CompletableFuture<AnyCallResult> call = new AnyCall(List.of(A, B), calls, liveness, ticker, SECOND, LINK, key)
        .start("none");
    assertFalse(call.isDone());
    assertEquals(List.of(A), calls.peers);
    liveness.waits.get(0).complete(null);
    AnyCallResult result = call.join();
    assertEquals(List.of(A, A), calls.peers);
    assertEquals(Set.of(key), Set.copyOf(calls.keys));
    assertEquals(A, result.peer());
    assertArrayEquals(new byte[] {7}, result.result().payload());
    assertEquals(2, result.attempts());
    assertEquals(1, result.peersTried());
  }

  @Test
  void start_silentPeerNeverBack_timeoutAndNoOtherPeerCalled() {
    ScriptedCalls calls = new ScriptedCalls(error(TaskStatus.UNAVAILABLE));
    ScriptedLiveness liveness = new ScriptedLiveness().with(A, Condition.SILENT);
    AnyCallResult result = new AnyCall(List.of(A, B), calls, liveness, ticker, 1_000_000L, LINK, new byte[] {1})
        .start("none").join(); // the wait is bounded by the 1 ms left
    assertEquals(TaskStatus.TIMEOUT, result.result().status());
    assertTrue(result.result().message().contains("may have run the task"), result.result().message());
    assertEquals(List.of(A), calls.peers);
  }

  @Test
  void start_cancelledWhileWaitingForASilentPeer_stopsWaiting() {
    ScriptedCalls calls = new ScriptedCalls(error(TaskStatus.UNAVAILABLE));
    ScriptedLiveness liveness = new ScriptedLiveness().with(A, Condition.SILENT);
    CompletableFuture<AnyCallResult> call = new AnyCall(List.of(A, B), calls, liveness, ticker, SECOND, LINK,
        new byte[] {1}).start("none");
    call.cancel(false);
    assertTrue(liveness.waits.get(0).isCancelled());
  }

  @Test
  void start_everyPeerOverloaded_endsWithTheLastAnswer() {
    ScriptedCalls calls = new ScriptedCalls(error(TaskStatus.OVERLOADED), error(TaskStatus.NOT_FOUND));
    AnyCallResult result = new AnyCall(List.of(A, B), calls, ALL_ALIVE, ticker, SECOND, LINK, new byte[] {1})
        .start("none").join();
    assertEquals(TaskStatus.NOT_FOUND, result.result().status());
    assertEquals(2, result.attempts());
  }

  @Test
  void start_failedTask_isNotRetriedElsewhere() {
    ScriptedCalls calls = new ScriptedCalls(error(TaskStatus.FAILED));
    AnyCallResult result = new AnyCall(List.of(A, B), calls, ALL_ALIVE, ticker, SECOND, LINK, new byte[] {1})
        .start("none").join();
    assertEquals(TaskStatus.FAILED, result.result().status());
    assertEquals(List.of(A), calls.peers);
  }

  @Test
  void start_deadlinePassedDuringFirstAttempt_endsTimeoutWithoutTryingTheNext() {
    AnyCall.PeerCall slow = (peer, nanos, key, linkNanos) -> {
      ticker.advanceNanos(nanos);
      return CompletableFuture.completedFuture(attempt(TaskStatus.OVERLOADED, Dispatch.SENT));
    };
    AnyCallResult result = new AnyCall(List.of(A, B), slow, ALL_ALIVE, ticker, SECOND, LINK, new byte[] {1})
        .start("none").join();
    assertEquals(TaskStatus.TIMEOUT, result.result().status());
    assertEquals(A, result.peer());
    assertEquals(1, result.attempts());
  }

  @Test
  void start_noCandidates_unavailableAfterZeroAttempts() {
    AnyCallResult result = new AnyCall(List.of(), new ScriptedCalls(new CallAttempt[0]), ALL_ALIVE, ticker, SECOND, LINK, new byte[] {1})
        .start("no ALIVE peer offers 'x'").join();
    assertNull(result.peer());
    assertEquals(0, result.attempts());
    assertEquals(TaskStatus.UNAVAILABLE, result.result().status());
    assertEquals("no ALIVE peer offers 'x'", result.result().message());
  }

  @Test
  void start_connectionRefusedOnSilentPeer_goesToTheNextPeerAtOnce() {
    ScriptedCalls calls = new ScriptedCalls(attempt(TaskStatus.UNAVAILABLE, Dispatch.REFUSED), ok((byte) 5));
    ScriptedLiveness liveness = new ScriptedLiveness().with(A, Condition.SILENT);
    AnyCallResult result = new AnyCall(List.of(A, B), calls, liveness, ticker, SECOND, LINK, new byte[] {1})
        .start("none").join();
    assertEquals(List.of(A, B), calls.peers);
    assertEquals(B, result.peer());
    assertTrue(liveness.waits.isEmpty());
  }

  @Test
  void start_neverSentToSilentPeer_goesToTheNextPeerWithoutWaiting() {
    ScriptedCalls calls = new ScriptedCalls(attempt(TaskStatus.UNAVAILABLE, Dispatch.NOT_SENT), ok((byte) 5));
    ScriptedLiveness liveness = new ScriptedLiveness().with(A, Condition.SILENT);
    AnyCallResult result = new AnyCall(List.of(A, B), calls, liveness, ticker, SECOND, LINK, new byte[] {1})
        .start("none").join();
    assertEquals(List.of(A, B), calls.peers);
    assertEquals(B, result.peer());
    assertTrue(liveness.waits.isEmpty());
  }

  @Test
  void start_lostLinkThenRetryRefused_goesToTheNextPeer() {
    ScriptedCalls calls = new ScriptedCalls(attempt(TaskStatus.UNAVAILABLE, Dispatch.SENT),
        attempt(TaskStatus.UNAVAILABLE, Dispatch.REFUSED), ok((byte) 5));
    AnyCallResult result = new AnyCall(List.of(A, B), calls, ALL_ALIVE, ticker, SECOND, LINK, new byte[] {1})
        .start("none").join();
    assertEquals(List.of(A, A, B), calls.peers);
    assertEquals(B, result.peer());
    assertEquals(3, result.attempts());
  }

  @Test
  void start_lostLinkThenRetryNeverSent_endsUnavailableWithoutAnotherPeer() {
    ScriptedCalls calls = new ScriptedCalls(attempt(TaskStatus.UNAVAILABLE, Dispatch.SENT),
        attempt(TaskStatus.UNAVAILABLE, Dispatch.NOT_SENT));
    AnyCallResult result = new AnyCall(List.of(A, B), calls, ALL_ALIVE, ticker, SECOND, LINK, new byte[] {1})
        .start("none").join();
    assertEquals(List.of(A, A), calls.peers);
    assertEquals(TaskStatus.UNAVAILABLE, result.result().status());
  }

  @Test
  void start_failOver_trailHasEachAttemptWithItsDispatchAndCondition() {
    AnyCall.PeerCall calls = (peer, nanos, key, linkNanos) -> {
      ticker.advanceNanos(1_000_000L);
      return CompletableFuture.completedFuture(peer.equals(A)
          ? attempt(TaskStatus.UNAVAILABLE, Dispatch.REFUSED)
          : ok((byte) 1));
    };
    ScriptedLiveness liveness = new ScriptedLiveness().with(A, Condition.SILENT);
    AnyCallResult result = new AnyCall(List.of(A, B), calls, liveness, ticker, SECOND, LINK, new byte[] {1})
        .start("none").join();
    assertEquals(List.of(
        new AnyCallResult.Attempt(A, Duration.ZERO, Duration.ofMillis(1), TaskStatus.UNAVAILABLE, Dispatch.REFUSED,
            "SILENT"),
        new AnyCallResult.Attempt(B, Duration.ofMillis(1), Duration.ofMillis(2), TaskStatus.OK, Dispatch.SENT,
            "ALIVE")), result.trail());
  }

  @ParameterizedTest(name = "reached before {0}, more peers {1}, {2} ns left -> {3} ns")
  @CsvSource({
      // may end unsent and go on: bounded by the link timeout, or by what is left
      "false, true, 1000000000, 100000000",
      "false, true, 50000000, 50000000",
      // the last peer: nowhere to go on to, so the link may take the whole deadline
      "false, false, 1000000000, 1000000000",
      // an earlier request may have reached the peer: the call stays with it anyway
      "true, true, 1000000000, 1000000000",
      "true, false, 1000000000, 1000000000"})
  void linkTimeoutNanos_table(boolean reachedBefore, boolean morePeers, long remainingNanos, long expected) {
    assertEquals(expected, AnyCall.linkTimeoutNanos(reachedBefore, morePeers, remainingNanos, LINK));
  }

  @Test
  void start_linkNotReadyOnFirstPeer_boundsItsLinkWaitAndGoesToTheNextPeer() {
    ScriptedCalls calls = new ScriptedCalls(attempt(TaskStatus.UNAVAILABLE, Dispatch.NOT_SENT), ok((byte) 5));
    AnyCallResult result = new AnyCall(List.of(A, B), calls, ALL_ALIVE, ticker, SECOND, LINK, new byte[] {1})
        .start("none").join();
    assertEquals(List.of(A, B), calls.peers);
    assertEquals(List.of(LINK, SECOND), calls.linkTimeouts); // B is the last: its link may take the deadline
    assertEquals(B, result.peer());
    assertEquals(TaskStatus.OK, result.result().status());
  }

  @Test
  void start_retryOnAPeerTheRequestMayHaveReached_waitsForItsLinkUntilTheDeadline() {
    ScriptedCalls calls = new ScriptedCalls(attempt(TaskStatus.UNAVAILABLE, Dispatch.SENT), ok((byte) 5));
    AnyCallResult result = new AnyCall(List.of(A, B), calls, ALL_ALIVE, ticker, SECOND, LINK, new byte[] {1})
        .start("none").join();
    assertEquals(List.of(A, A), calls.peers);
    assertEquals(List.of(LINK, SECOND), calls.linkTimeouts);
    assertEquals(A, result.peer());
  }
}
