package dev.echomesh.agent;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.time.Ticker;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One logical {@link Agent#callAny} call: tries the peers in the order given, all under one
 * idempotency key and one deadline, until one answers with a result that ends the call
 * ({@link #next}).
 *
 * <p>The fail-over rule: go on to the next peer only when the task surely did not run on this one
 * (OVERLOADED, NOT_FOUND, DENIED) or its process is gone. A lost link (UNAVAILABLE) may have cut
 * the call after the task ran, so the call stays with the peer, under the same key, which answers
 * a repeat with the remembered outcome instead of running the task again:
 * <ul>
 *   <li>peer still ALIVE (its link closed, e.g. its process was killed and the kernel closed its
 *       socket): called again at once; when that fails too, the process is gone, and the next
 *       peer is tried;
 *   <li>peer silent (SUSPECT or DEAD: the link died with the pings, a partition or a crash, which
 *       cannot be told apart): the call waits for it to be ALIVE again and calls it again, until
 *       the deadline; never on another peer, which would run the task a second time if the silent
 *       one ran it;
 *   <li>peer LEFT (a clean stop) or no longer known: the next peer.
 * </ul>
 */
final class AnyCall {

  /** Calls to one peer at most: the first and one retry after a lost link. */
  static final int MAX_ATTEMPTS_PER_PEER = 2;

  /** Makes one call to a peer with the remaining time and the key. */
  @FunctionalInterface
  interface PeerCall {
    CompletableFuture<TaskResult> call(NodeId peer, long timeoutNanos, byte[] idempotencyKey);
  }

  /** What the caller knows of a peer's liveness now. */
  enum Condition {
    /** Answering pings. */
    ALIVE,
    /** SUSPECT or DEAD: may come back, and may have run the task. */
    SILENT,
    /** LEFT, or no longer in the peer table. */
    GONE
  }

  /** The peers' liveness, and a way to wait for one to be ALIVE again. */
  interface PeerLiveness {
    Condition condition(NodeId peer);

    /** Completes when {@code peer} is ALIVE (at once if it is); the caller bounds the wait. */
    CompletableFuture<Void> whenAlive(NodeId peer);
  }

  /** What to do after an attempt. */
  enum Next {
    /** The result is the call's outcome. */
    DONE,
    /** Call the same peer again with the same key. */
    SAME_PEER,
    /** Wait until the same peer is ALIVE again, then call it again with the same key. */
    WAIT_FOR_PEER,
    /** Go on to the next peer. */
    NEXT_PEER
  }

  private final List<NodeId> order;
  private final PeerCall peerCall;
  private final PeerLiveness liveness;
  private final Ticker ticker;
  private final long deadlineNanos;
  private final byte[] key;
  private final CompletableFuture<AnyCallResult> outcome = new CompletableFuture<>();
  private volatile CompletableFuture<?> current;
  private int attempts;
  private int peersTried;
  private NodeId lastCalled;

  AnyCall(List<NodeId> order, PeerCall peerCall, PeerLiveness liveness, Ticker ticker, long timeoutNanos,
      byte[] key) {
    this.order = List.copyOf(order);
    this.peerCall = peerCall;
    this.liveness = liveness;
    this.ticker = ticker;
    this.deadlineNanos = ticker.read() + timeoutNanos;
    this.key = key;
    outcome.whenComplete((done, error) -> {
      CompletableFuture<?> step = current;
      if (outcome.isCancelled() && step != null) {
        step.cancel(false); // tells the callee, or stops waiting
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
   * peer in {@code condition} now.
   */
  static Next next(TaskStatus status, int attemptsOnPeer, Condition condition) {
    return switch (status) {
      case OVERLOADED, NOT_FOUND, DENIED -> Next.NEXT_PEER;
      case UNAVAILABLE -> {
        if (attemptsOnPeer >= MAX_ATTEMPTS_PER_PEER) {
          yield Next.NEXT_PEER;
        }
        yield switch (condition) {
          case ALIVE -> Next.SAME_PEER;
          case SILENT -> Next.WAIT_FOR_PEER;
          case GONE -> Next.NEXT_PEER;
        };
      }
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
      switch (next(result.status(), attemptsOnPeer, liveness.condition(peer))) {
        case SAME_PEER -> attempt(index, attemptsOnPeer + 1);
        case WAIT_FOR_PEER -> waitFor(index, attemptsOnPeer + 1);
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

  /** Calls peer {@code index} again once it is ALIVE, or ends TIMEOUT at the deadline. */
  private void waitFor(int index, int attemptsOnPeer) {
    long remaining = deadlineNanos - ticker.read();
    CompletableFuture<Void> revival = liveness.whenAlive(order.get(index));
    current = revival;
    revival.orTimeout(Math.max(0, remaining), TimeUnit.NANOSECONDS).whenComplete((alive, error) -> {
      if (outcome.isDone()) {
        return;
      }
      if (error == null) {
        attempt(index, attemptsOnPeer);
      } else {
        finish(TaskResult.error(TaskStatus.TIMEOUT, "the link to " + order.get(index).shortForm()
            + " was lost with the call and the peer went silent; it may have run the task, so the call"
            + " waited for it to come back instead of trying another peer, until the deadline"));
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
