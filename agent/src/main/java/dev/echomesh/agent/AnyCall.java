package dev.echomesh.agent;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.time.Ticker;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * One logical {@link Agent#callAny} call: tries the peers in the order given, all under one
 * idempotency key and one deadline, until one answers with a result that ends the call
 * ({@link #next}).
 *
 * <p>The fail-over rule: go on to the next peer only when the task surely did not run on this one
 * (OVERLOADED, NOT_FOUND, DENIED) or the peer is gone. A lost link (UNAVAILABLE) may have cut the
 * call after the task ran: the call goes to the same peer once more with the same key, and that
 * peer answers with the remembered outcome instead of running the task again; only when that
 * fails too, or the peer is no longer ALIVE (a dead process runs nothing more), the next peer is
 * tried.
 */
final class AnyCall {

  /** Calls to one peer at most: the first and one retry after a lost link. */
  static final int MAX_ATTEMPTS_PER_PEER = 2;

  /** Makes one call to a peer with the remaining time and the key. */
  @FunctionalInterface
  interface PeerCall {
    CompletableFuture<TaskResult> call(NodeId peer, long timeoutNanos, byte[] idempotencyKey);
  }

  /** What to do after an attempt. */
  enum Next {
    /** The result is the call's outcome. */
    DONE,
    /** Call the same peer again with the same key. */
    SAME_PEER,
    /** Go on to the next peer. */
    NEXT_PEER
  }

  private final List<NodeId> order;
  private final PeerCall peerCall;
  private final Predicate<NodeId> alive;
  private final Ticker ticker;
  private final long deadlineNanos;
  private final byte[] key;
  private final CompletableFuture<AnyCallResult> outcome = new CompletableFuture<>();
  private volatile CompletableFuture<TaskResult> current;
  private int attempts;
  private int peersTried;
  private NodeId lastCalled;

  AnyCall(List<NodeId> order, PeerCall peerCall, Predicate<NodeId> alive, Ticker ticker, long timeoutNanos,
      byte[] key) {
    this.order = List.copyOf(order);
    this.peerCall = peerCall;
    this.alive = alive;
    this.ticker = ticker;
    this.deadlineNanos = ticker.read() + timeoutNanos;
    this.key = key;
    outcome.whenComplete((done, error) -> {
      CompletableFuture<TaskResult> attempt = current;
      if (outcome.isCancelled() && attempt != null) {
        attempt.cancel(false); // tells the callee
      }
    });
  }

  /** Starts the first attempt; the future completes by the deadline at the latest. */
  CompletableFuture<AnyCallResult> start(String noCandidateMessage) {
    if (order.isEmpty()) {
      outcome.complete(new AnyCallResult(null, 0, 0, TaskResult.error(TaskStatus.UNAVAILABLE, noCandidateMessage)));
    } else {
      attempt(0, 1);
    }
    return outcome;
  }

  /**
   * What follows an attempt that ended with {@code status}, the {@code attemptsOnPeer}-th on a
   * peer that is {@code peerAlive} now.
   */
  static Next next(TaskStatus status, int attemptsOnPeer, boolean peerAlive) {
    return switch (status) {
      case OVERLOADED, NOT_FOUND, DENIED -> Next.NEXT_PEER;
      case UNAVAILABLE -> peerAlive && attemptsOnPeer < MAX_ATTEMPTS_PER_PEER ? Next.SAME_PEER : Next.NEXT_PEER;
      default -> Next.DONE;
    };
  }

  private void attempt(int index, int attemptsOnPeer) {
    long remaining = deadlineNanos - ticker.read();
    NodeId peer = order.get(index);
    if (remaining <= 0) {
      finish(TaskResult.error(TaskStatus.TIMEOUT, "the deadline passed after " + attempts + " attempt(s)"));
      return;
    }
    attempts++;
    if (!peer.equals(lastCalled)) {
      peersTried++;
    }
    lastCalled = peer;
    CompletableFuture<TaskResult> call = peerCall.call(peer, remaining, key);
    current = call;
    call.whenComplete((result, error) -> {
      if (error != null) {
        finish(TaskResult.error(TaskStatus.CANCELLED, "the call was cancelled"));
        return;
      }
      switch (next(result.status(), attemptsOnPeer, alive.test(peer))) {
        case SAME_PEER -> attempt(index, attemptsOnPeer + 1);
        case NEXT_PEER -> {
          if (index + 1 < order.size()) {
            attempt(index + 1, 1);
          } else {
            finish(result);
          }
        }
        case DONE -> finish(result);
      }
    });
  }

  private void finish(TaskResult result) {
    outcome.complete(new AnyCallResult(lastCalled, peersTried, attempts, result));
  }

  @Override
  public String toString() {
    return "AnyCall[" + attempts + " attempt(s), "
        + TimeUnit.NANOSECONDS.toMillis(deadlineNanos - ticker.read()) + " ms left]";
  }
}
