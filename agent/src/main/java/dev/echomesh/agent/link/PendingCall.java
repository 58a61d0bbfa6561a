package dev.echomesh.agent.link;

import dev.echomesh.agent.concurrent.PollingFuture;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.Dispatch;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One outgoing call, and the future its caller holds: one object per call instead of a future
 * plus a record plus a timer task. A thread blocking on it polls briefly before it parks
 * ({@link PollingFuture}).
 *
 * <p>It is started on the event loop of the link that carries it ({@link #run} hands it there)
 * and from then on its call ID is touched on that loop only. Cancelling the future
 * sends a Cancel to the callee.
 *
 * <p>A request leaves only after its call was claimed for sending ({@link #claimSend}), and a call
 * that completes before that claim can never be claimed: whichever comes first wins, atomically,
 * so a call that ended unsent (its link budget or deadline passed while dialing, or it was
 * cancelled) never goes on the wire afterwards, whenever its link comes up.
 */
final class PendingCall extends PollingFuture<TaskResult> implements Runnable {

  /** How often a call may move to another link (one that replaced a closing link). */
  static final int MAX_REROUTES = 2;

  final NodeId peer;
  final String task;
  /**
   * The request, until its Call frame is written; then empty (see {@link #payloadWritten}), so
   * that a call waiting for its result keeps nothing of its request on the heap.
   */
  byte[] payload;
  final long timeoutNanos;
  final long deadlineNanos;
  /**
   * When the call gives up waiting for a link and ends UNAVAILABLE, unsent ({@link
   * LinkLayer#attempt}'s link timeout); {@link Long#MAX_VALUE} = it waits until its deadline.
   */
  long linkDeadlineNanos = Long.MAX_VALUE;
  /** Sent with every attempt of this call, reroutes included; empty = none. */
  final byte[] idempotencyKey;

  /** The link carrying the call; written before the hand-over to its loop. */
  private volatile Link link;
  /** Set on the link's loop; 0 until the call is on the wire. */
  long callId;
  int reroutes;
  /** {@link #UNCLAIMED}, then {@link #SENT} (claimed for the write) or {@link #ABANDONED} (ended unsent). */
  private final AtomicInteger sending = new AtomicInteger(UNCLAIMED);
  private static final int UNCLAIMED = 0;
  private static final int SENT = 1;
  private static final int ABANDONED = 2;
  /** Set when the dial for this call was refused by the peer's host (see {@link Dispatch#REFUSED}). */
  private volatile boolean refused;
  /** Completes the call at its deadline while no link carries it yet (dialing). */
  volatile ScheduledFuture<?> dialTimer;
  /**
   * Sends the payload in chunks; null = it goes whole in the Call frame. Set before routing, or
   * by the link when {@link #payload} does not fit the peer's frame limit.
   */
  ChunkSender requestSender;
  /** The caller reads a chunked result as a stream ({@link #resultStream}) instead of whole. */
  boolean streamsResult;
  /** Where a chunked result goes; set on the loop when its Result arrives. */
  ChunkReceiver resultReceiver;
  /** For {@link #streamsResult}: the result's payload, published by completing this future. */
  InboundStream resultStream;

  PendingCall(NodeId peer, String task, byte[] payload, byte[] idempotencyKey, long timeoutNanos,
      long nowNanos) {
    this.peer = peer;
    this.idempotencyKey = idempotencyKey;
    this.task = task;
    this.payload = payload;
    this.timeoutNanos = timeoutNanos;
    this.deadlineNanos = nowNanos + timeoutNanos;
  }

  /** A call without an idempotency key. */
  PendingCall(NodeId peer, String task, byte[] payload, long timeoutNanos, long nowNanos) {
    this(peer, task, payload, new byte[0], timeoutNanos, nowNanos);
  }

  /**
   * On the loop, once the Call frame carrying {@link #payload} is written: drops the request. A
   * call is rerouted only before that, so nothing needs it again; and the frame keeps its own
   * reference until it is encoded. Without this, each call in flight held its request for the
   * whole round trip: with 64 calls of 16 KiB in flight, about 1 MiB that outlived every young
   * collection, overflowed the survivor space and was promoted, and the small old generation of
   * the launcher's heap settings then needed a full collection every few young ones (profiled:
   * 40% of the time in GC pauses and the call rate fell from 32,000/s at 16 in flight to under
   * 2,000/s at 64).
   */
  void payloadWritten() {
    payload = EMPTY;
  }

  private static final byte[] EMPTY = new byte[0];

  /**
   * On the loop, just before the Call frame is written: claims the call for sending, from then on
   * the request may reach the peer. False when the call has completed (or is completing) unsent:
   * then it must not be written.
   */
  boolean claimSend() {
    return sending.compareAndSet(UNCLAIMED, SENT);
  }

  /** Before any completion: a call not claimed for sending by now never will be. */
  private void abandonUnsent() {
    sending.compareAndSet(UNCLAIMED, ABANDONED);
  }

  @Override
  public boolean complete(TaskResult result) {
    abandonUnsent();
    return super.complete(result);
  }

  @Override
  public boolean completeExceptionally(Throwable error) {
    abandonUnsent();
    return super.completeExceptionally(error);
  }

  /** Before failing the call: its dial was refused by the peer's host. */
  void markRefused() {
    refused = true;
  }

  /** How far the request got; read once the call has completed. */
  Dispatch dispatch() {
    if (sending.get() == SENT) {
      return Dispatch.SENT;
    }
    return refused ? Dispatch.REFUSED : Dispatch.NOT_SENT;
  }

  /** Hands the call to {@code carrier}'s event loop, where it goes on the wire. */
  void startOn(Link carrier) {
    link = carrier;
    if (carrier.inEventLoop()) {
      carrier.startCall(this);
    } else if (!carrier.execute(this)) {
      fail(TaskStatus.CANCELLED, "this agent is closed");
    }
  }

  /** On the carrying link's loop: puts the call on the wire. */
  @Override
  public void run() {
    link.startCall(this);
  }

  /** Completes with an error status; false when the call had already completed. */
  boolean fail(TaskStatus status, String message) {
    return complete(TaskResult.error(status, message));
  }

  /**
   * Any thread: ends the call with an error status and tells the callee (Cancel), as a
   * cancellation does; false when the call had already completed.
   */
  boolean abort(TaskStatus status, String message) {
    boolean ended = fail(status, message);
    Link carrier = link;
    if (ended && carrier != null) {
      carrier.cancelCall(this);
    }
    return ended;
  }

  /** Any thread: tells the callee the caller gives up (the reader closed a streamed result early). */
  void cancelOnLink() {
    Link carrier = link;
    if (carrier != null) {
      carrier.cancelCall(this);
    }
  }

  /** The status message of a call whose deadline passed. */
  String timeoutMessage() {
    return "no result from " + peer.shortForm() + " for '" + task + "' within "
        + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms";
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    abandonUnsent();
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    Link carrier = link;
    if (cancelled && carrier != null) {
      carrier.cancelCall(this);
    }
    return cancelled;
  }
}
