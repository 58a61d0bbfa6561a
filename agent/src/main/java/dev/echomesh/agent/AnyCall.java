package dev.echomesh.agent;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.link.CallAttempt;
import dev.echomesh.agent.task.Dispatch;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.time.Ticker;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One logical {@link Agent#callAny} call: tries the peers in the order given, all under one
 * idempotency key and one deadline, until one answers with a result that ends the call
 * ({@link #next}).
 *
 * <p>The fail-over rule: go on to the next peer only when the task surely did not run on this one
 * or its process is gone; never while a peer that may have run it may still answer. So the rule
 * asks first how far the request got ({@link Dispatch}, from the link layer), then what is known
 * of the peer:
 * <ul>
 *   <li>OVERLOADED, NOT_FOUND, DENIED: the peer did not run it; the next peer.
 *   <li>UNAVAILABLE, the connection refused ({@link Dispatch#REFUSED}: the host answered, nothing
 *       listens on the link port): the process that could have run it is gone, and a restarted
 *       one would not remember the key (the callee's memory of keys does not outlive its
 *       process), so waiting for it gains nothing; the next peer at once, whatever the peer's
 *       condition and whatever earlier attempts on it did.
 *   <li>UNAVAILABLE, the request never left this node ({@link Dispatch#NOT_SENT}: no link, the
 *       dial failed, or no link was ready within the link timeout) and no earlier attempt on this
 *       peer may have reached it: nothing to wait for; the next peer at once, whatever the peer's
 *       condition (a kill seen by the pings before the call was made is SUSPECT already). An
 *       attempt that may go on so (no earlier request of this call may have reached the peer, and
 *       there is a next peer) waits for its link at most {@link AgentConfig#CALL_ANY_LINK_TIMEOUT}
 *       ({@link #linkTimeoutNanos}): a peer whose agent is restarting accepts the connection and
 *       does not finish the handshake for seconds. The dial goes on for later calls, and the link
 *       layer never writes the abandoned request afterwards. Other attempts (the last peer, a
 *       retry on a peer the call may have reached) wait for their link until the deadline.
 *   <li>UNAVAILABLE otherwise: this request, or an earlier one to the same peer, may have reached
 *       it, and a lost link may have cut the call after the task ran, so the call stays with the
 *       peer under the same key, which answers a repeat with the remembered outcome instead of
 *       running the task again:
 *       <ul>
 *         <li>peer LEFT (a clean stop) or no longer known: the next peer;
 *         <li>peer still ALIVE (its link closed, e.g. its process was killed and the kernel closed
 *             its socket): called again at once; that retry's dial is refused when the process is
 *             gone (the next peer, above);
 *         <li>peer silent (SUSPECT or DEAD: the link died with the pings, a partition or a crash,
 *             which cannot be told apart): the call waits for it to be ALIVE again and calls it
 *             again, until the deadline; never on another peer, which would run the task a second
 *             time if the silent one ran it;
 *         <li>after {@value #MAX_ATTEMPTS_PER_PEER} attempts on the peer: when the last request was
 *             sent and lost again, the next peer (two lost links in a row: the process is taken
 *             to be gone); when it never left, the call ends with that UNAVAILABLE (the task may
 *             have run on this peer, which cannot be reached to ask).
 *       </ul>
 * </ul>
 */
final class AnyCall {

  /** Calls to one peer at most: the first and one retry after a lost link. */
  static final int MAX_ATTEMPTS_PER_PEER = 2;

  /**
   * Makes one call to a peer with the remaining time and the key, giving up unsent when no link to
   * the peer is ready within {@code linkTimeoutNanos} (at most {@code timeoutNanos}); says how far
   * the request got.
   */
  @FunctionalInterface
  interface PeerCall {
    CompletableFuture<CallAttempt> call(NodeId peer, long timeoutNanos, byte[] idempotencyKey, long linkTimeoutNanos);
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
  private final long linkTimeoutNanos;
  private final byte[] key;
  private final long startNanos;
  private final CompletableFuture<AnyCallResult> outcome = new CompletableFuture<>();
  private final List<AnyCallResult.Attempt> trail = new ArrayList<>();
  private volatile CompletableFuture<?> current;
  private int attempts;
  private int peersTried;
  private NodeId lastCalled;
  /** Whether a request of this call may have reached the peer called last. */
  private boolean reachedLastCalled;

  /**
   * @param linkTimeoutNanos how long an attempt that may go on to the next peer waits for a link
   *     to its peer ({@link AgentConfig#CALL_ANY_LINK_TIMEOUT}); positive
   */
  AnyCall(List<NodeId> order, PeerCall peerCall, PeerLiveness liveness, Ticker ticker, long timeoutNanos,
      long linkTimeoutNanos, byte[] key) {
    this.order = List.copyOf(order);
    this.peerCall = peerCall;
    this.liveness = liveness;
    this.ticker = ticker;
    this.startNanos = ticker.read();
    this.deadlineNanos = startNanos + timeoutNanos;
    this.linkTimeoutNanos = linkTimeoutNanos;
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
   * peer in {@code condition} now, whose request got as far as {@code dispatch}; {@code
   * reachedBefore}: an earlier attempt on the same peer may have reached it.
   */
  static Next next(TaskStatus status, Dispatch dispatch, boolean reachedBefore, int attemptsOnPeer,
      Condition condition) {
    return switch (status) {
      case OVERLOADED, NOT_FOUND, DENIED -> Next.NEXT_PEER;
      case UNAVAILABLE -> {
        if (dispatch == Dispatch.REFUSED || (dispatch == Dispatch.NOT_SENT && !reachedBefore)
            || condition == Condition.GONE) {
          yield Next.NEXT_PEER;
        }
        if (attemptsOnPeer >= MAX_ATTEMPTS_PER_PEER) {
          yield dispatch == Dispatch.SENT ? Next.NEXT_PEER : Next.DONE;
        }
        yield condition == Condition.ALIVE ? Next.SAME_PEER : Next.WAIT_FOR_PEER;
      }
      default -> Next.DONE;
    };
  }

  /**
   * How long an attempt waits for a link to its peer: the link timeout when the attempt may end
   * unsent and go on ({@code !reachedBefore}: no earlier request of this call may have reached the
   * peer; {@code morePeers}: there is a next peer to go on to); otherwise the whole {@code
   * remaining} time, as a plain call.
   */
  static long linkTimeoutNanos(boolean reachedBefore, boolean morePeers, long remainingNanos, long linkTimeoutNanos) {
    return !reachedBefore && morePeers ? Math.min(remainingNanos, linkTimeoutNanos) : remainingNanos;
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
      reachedLastCalled = false;
    }
    lastCalled = peer;
    long started = ticker.read();
    CompletableFuture<CallAttempt> call = peerCall.call(peer, remaining, key,
        linkTimeoutNanos(reachedLastCalled, index + 1 < order.size(), remaining, linkTimeoutNanos));
    current = call;
    call.whenComplete((done, error) -> {
      if (error != null) {
        finish(TaskResult.error(TaskStatus.CANCELLED, "the call was cancelled"));
        return;
      }
      TaskResult result = done.result();
      Condition condition = liveness.condition(peer);
      record(peer, started, result.status(), done.dispatch(), condition);
      boolean reachedBefore = reachedLastCalled;
      reachedLastCalled |= done.dispatch() == Dispatch.SENT;
      switch (next(result.status(), done.dispatch(), reachedBefore, attemptsOnPeer, condition)) {
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

  private synchronized void record(NodeId peer, long startedNanos, TaskStatus status, Dispatch dispatch,
      Condition condition) {
    trail.add(new AnyCallResult.Attempt(peer, Duration.ofNanos(startedNanos - startNanos),
        Duration.ofNanos(ticker.read() - startNanos), status, dispatch, condition.name()));
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
    List<AnyCallResult.Attempt> made;
    synchronized (this) {
      made = List.copyOf(trail);
    }
    outcome.complete(new AnyCallResult(lastCalled, peersTried, attempts, result,
        made.size() == attempts ? made : List.of()));
  }

  @Override
  public String toString() {
    return "AnyCall[" + attempts + " attempt(s), "
        + TimeUnit.NANOSECONDS.toMillis(deadlineNanos - ticker.read()) + " ms left]";
  }
}
