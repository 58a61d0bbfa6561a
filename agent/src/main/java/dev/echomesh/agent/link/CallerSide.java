package dev.echomesh.agent.link;

import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.time.Ticker;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;

/**
 * The calls this node makes on one link: call IDs, the in-flight bound, deadlines (one
 * {@link DeadlineSweep} for all of them) and cancellation. Confined to the link's event loop,
 * except {@link #cancel}.
 */
final class CallerSide implements DeadlineSweep.Owner {

  private final Link link;
  private final Ticker ticker;
  private final int maxInFlight;
  private final CallMap<PendingCall> calls = new CallMap<>();
  private final DeadlineSweep deadlines;
  private long nextCallId = 1;

  /**
   * @param maxInFlight the smaller of this node's bound and the one the peer stated
   */
  CallerSide(Link link, EventLoop loop, Ticker ticker, int maxInFlight) {
    this.link = link;
    this.ticker = ticker;
    this.maxInFlight = maxInFlight;
    this.deadlines = new DeadlineSweep(loop, ticker, this);
  }

  boolean isEmpty() {
    return calls.isEmpty();
  }

  /** Puts {@code call} on the wire, or ends it at once: OVERLOADED past the bound, TIMEOUT late. */
  void start(PendingCall call) {
    if (calls.size() >= maxInFlight) {
      call.fail(TaskStatus.OVERLOADED, maxInFlight + " calls to " + link.peer().shortForm()
          + " are already in flight on this link (the limit); retry later");
      return;
    }
    long remaining = call.deadlineNanos - ticker.read();
    if (remaining <= 0) {
      call.fail(TaskStatus.TIMEOUT, call.timeoutMessage());
      return;
    }
    long id = nextCallId++;
    call.callId = id;
    calls.put(id, call);
    deadlines.track(call.deadlineNanos);
    link.write(new LinkMessage.Call(id, call.task, call.payload, ceilMillis(remaining), false,
        call.idempotencyKey));
  }

  /** Calls whose deadline passed: TIMEOUT for the caller, Cancel for the callee. */
  @Override
  public long expireDue(long nowNanos) {
    List<PendingCall> due = new ArrayList<>();
    long next = DeadlineSweep.collectDue(calls.values(), call -> call.deadlineNanos, nowNanos, due);
    for (PendingCall call : due) {
      calls.remove(call.callId);
      link.write(new LinkMessage.Cancel(call.callId, "deadline passed"));
      call.fail(TaskStatus.TIMEOUT, call.timeoutMessage());
      link.callEnded();
    }
    return next;
  }

  /** Any thread: the caller cancelled {@code call}'s future; tell the callee (unless shut down). */
  void cancel(PendingCall call) {
    link.execute(() -> {
      if (call.callId != 0 && calls.get(call.callId) == call) {
        calls.remove(call.callId);
        link.write(new LinkMessage.Cancel(call.callId, "cancelled by the caller"));
        link.callEnded();
      }
    });
  }

  void onResult(LinkMessage.Result message) {
    PendingCall call = calls.remove(message.callId());
    if (call == null) {
      return; // answered after its deadline or cancellation: the caller has its status already
    }
    call.complete(message.result());
    link.callEnded();
  }

  /** Ends every call in flight with {@code status}. */
  void failAll(TaskStatus status, String message) {
    List<PendingCall> all = new ArrayList<>(calls.values());
    calls.clear();
    deadlines.stop();
    for (PendingCall call : all) {
      call.fail(status, message);
    }
  }

  private static long ceilMillis(long nanos) {
    return (nanos + 999_999) / 1_000_000;
  }
}
