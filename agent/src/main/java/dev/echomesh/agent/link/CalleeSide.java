package dev.echomesh.agent.link;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.time.Ticker;
import io.netty.channel.EventLoop;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls the peer makes on one link: the in-flight bound, the callee-side deadline (one
 * {@link DeadlineSweep} for all of them), handing each call to the {@link CallHandler} and its
 * result back to the wire. Confined to the link's event loop.
 */
final class CalleeSide implements DeadlineSweep.Owner {

  private static final Logger log = LoggerFactory.getLogger(CalleeSide.class);

  private final Link link;
  private final Ticker ticker;
  private final CallHandler handler;
  private final Clock clock;
  private final int maxInFlight;
  private final int maxFrameBytes;
  private final long defaultTimeoutNanos;
  private final CallMap<InboundCall> calls = new CallMap<>();
  private final DeadlineSweep deadlines;

  CalleeSide(Link link, EventLoop loop, Ticker ticker, CallHandler handler, LinkConfig config) {
    this.link = link;
    this.ticker = ticker;
    this.deadlines = new DeadlineSweep(loop, ticker, this);
    this.handler = handler;
    this.clock = config.clock();
    this.maxInFlight = config.maxInFlightCallsPerLink();
    this.maxFrameBytes = config.maxFrameBytes();
    this.defaultTimeoutNanos = config.defaultCallTimeout().toNanos();
  }

  boolean isEmpty() {
    return calls.isEmpty();
  }

  /** A call arrived on an open link. */
  void onCall(NodeId caller, LinkMessage.Call message) {
    long id = message.callId();
    if (message.chunked()) {
      refuse(id, TaskStatus.INVALID, "chunked payloads are not supported by this agent");
      return;
    }
    if (calls.containsKey(id)) {
      link.protocolError("call ID " + id + " is already in flight");
      return;
    }
    if (calls.size() >= maxInFlight) {
      refuse(id, TaskStatus.OVERLOADED, maxInFlight + " calls from this node are already in flight (the limit); retry later");
      return;
    }
    long timeoutNanos = message.timeoutMillis() == 0
        ? defaultTimeoutNanos
        : TimeUnit.MILLISECONDS.toNanos(message.timeoutMillis());
    InboundCall call = new InboundCall(link, id, ticker.read() + timeoutNanos);
    calls.put(id, call);
    TaskRequest request = new TaskRequest(caller, message.task(), message.payload(),
        clock.instant().plusNanos(timeoutNanos), message.idempotencyKey());
    try {
      call.handle = handler.start(request, call);
    } catch (RuntimeException e) {
      log.error("The call handler failed to start '{}' for {}", message.task(), caller, e);
      finish(call, TaskResult.error(TaskStatus.FAILED, "the callee failed to start the task: " + e));
    }
    if (calls.get(id) == call) { // still running: most calls have finished inline by now
      deadlines.track(call.deadlineNanos);
    }
  }

  /** Answers a call without running it. */
  void refuse(long callId, TaskStatus status, String message) {
    link.write(new LinkMessage.Result(callId, TaskResult.error(status, message)));
  }

  /** The result of {@code call} is ready; dropped if the call was cancelled or expired. */
  void finish(InboundCall call, TaskResult result) {
    if (calls.get(call.callId) != call) {
      return;
    }
    calls.remove(call.callId);
    TaskResult toSend = result;
    if (FrameConverter.frameBytesBound(result) > maxFrameBytes) {
      toSend = TaskResult.error(TaskStatus.FAILED, "the task's result of " + result.payload().length
          + " bytes does not fit the frame limit of " + maxFrameBytes + " bytes");
    }
    link.write(new LinkMessage.Result(call.callId, toSend));
    link.callEnded();
  }

  /** Calls whose deadline passed: their handlers are interrupted, the caller gets TIMEOUT. */
  @Override
  public long expireDue(long nowNanos) {
    List<InboundCall> due = new ArrayList<>();
    long next = DeadlineSweep.collectDue(calls.values(), call -> call.deadlineNanos, nowNanos, due);
    for (InboundCall call : due) {
      calls.remove(call.callId);
      call.handle.interrupt();
      link.write(new LinkMessage.Result(call.callId,
          TaskResult.error(TaskStatus.TIMEOUT, "the deadline passed at the callee; the task was interrupted")));
      link.callEnded();
    }
    return next;
  }

  void onCancel(LinkMessage.Cancel message) {
    InboundCall call = calls.remove(message.callId());
    if (call != null) {
      call.handle.interrupt();
      link.callEnded();
    }
  }

  /**
   * Interrupts every call in flight; with a {@code status}, also answers each with it (the
   * link is still writable), else silently (the link is gone).
   */
  void interruptAll(TaskStatus status, String message) {
    List<InboundCall> all = new ArrayList<>(calls.values());
    calls.clear();
    deadlines.stop();
    for (InboundCall call : all) {
      call.handle.interrupt();
      if (status != null) {
        refuse(call.callId, status, message);
      }
    }
  }
}
