package dev.echomesh.agent.link;

import dev.echomesh.agent.concurrent.BusyPollStrategy;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.task.internal.CallHandler;
import dev.echomesh.agent.time.Ticker;
import io.netty.channel.EventLoop;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The calls the peer makes on one link: the in-flight bound, the bytes their payloads may
 * buffer (admitted against the link's {@link BufferBudget}: OVERLOADED past it), the callee-side
 * deadline (one {@link DeadlineSweep} for all of them), handing each call to the
 * {@link CallHandler} and its result back to the wire, whole or in chunks. Confined to the
 * link's event loop.
 */
final class CalleeSide implements DeadlineSweep.Owner {

  private static final Logger log = LoggerFactory.getLogger(CalleeSide.class);

  /**
   * 500 us: how long a busy-polling loop (link.busy-poll above 0) goes on polling after it handed a
   * call to another thread (a task thread, or the local API's for a program serving the task),
   * until work comes. A small task, or the Python example serving one, answers within a few
   * hundred microseconds, after the loop's usual 50 us window has ended; polling on until the answer
   * saves waking the loop for it. At most this much CPU per call that does not run inline.
   */
  static final long HANDED_OFF_ANSWER_POLL_NANOS = 500_000;

  private final Link link;
  private final Ticker ticker;
  private final CallHandler handler;
  private final Clock clock;
  private final int maxInFlight;
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
    this.defaultTimeoutNanos = config.defaultCallTimeout().toNanos();
  }

  boolean isEmpty() {
    return calls.isEmpty();
  }

  /** A call arrived on an open link. */
  void onCall(NodeId caller, LinkMessage.Call message) {
    long id = message.callId();
    if (calls.containsKey(id)) {
      link.protocolError("call ID " + id + " is already in flight");
      return;
    }
    if (calls.size() >= maxInFlight) {
      refuse(id, TaskStatus.OVERLOADED, maxInFlight + " calls from this node are already in flight (the limit); retry later");
      return;
    }
    int reserve = message.chunked() ? link.streams().windowBytes() : message.payload().length;
    if (!link.buffers().tryReserve(reserve)) {
      refuse(id, TaskStatus.OVERLOADED, "the bytes buffered for calls on this agent reached their bound ("
          + link.buffers().limit() + " bytes per link, or the agent's); retry later");
      return;
    }
    long timeoutNanos = message.timeoutMillis() == 0
        ? defaultTimeoutNanos
        : TimeUnit.MILLISECONDS.toNanos(message.timeoutMillis());
    InboundCall call = new InboundCall(link, id, ticker.read() + timeoutNanos);
    calls.put(id, call);
    Instant deadline = clock.instant().plusNanos(timeoutNanos);
    if (!message.chunked()) {
      call.reservedBytes = reserve;
      start(call, new TaskRequest(caller, message.task(), message.payload(), deadline, message.idempotencyKey()));
    } else if (handler.streamsPayload(new TaskRequest(caller, message.task(), new byte[0], deadline, message.idempotencyKey()))) {
      InboundStream payload = new InboundStream(link, id, false, link.buffers(), reserve, ticker,
          call.deadlineNanos, () -> { });
      call.requestReceiver = payload;
      TaskRequest request = new TaskRequest(caller, message.task(), new byte[0], deadline, message.idempotencyKey());
      try {
        call.handle = handler.startStreamed(request, payload, call);
      } catch (RuntimeException e) {
        log.error("The call handler failed to start '{}' for {}", message.task(), caller, e);
        finish(call, TaskResult.error(TaskStatus.FAILED, "the callee failed to start the task: " + e));
      }
      if (calls.get(id) == call) { // not refused at once: let the payload come
        link.grant(id, false, reserve);
      }
    } else {
      call.requestReceiver = new PayloadAssembly(link, id, false, link.buffers(), reserve);
      call.waitingRequest = new TaskRequest(caller, message.task(), new byte[0], deadline, message.idempotencyKey());
      link.grant(id, false, reserve);
    }
    if (calls.get(id) == call) { // still running: most calls have finished inline by now
      deadlines.track(call.deadlineNanos);
    }
  }

  private void start(InboundCall call, TaskRequest request) {
    try {
      call.handle = handler.start(request, call);
      if (calls.get(call.callId) == call) { // handed to another thread: its answer comes soon
        BusyPollStrategy.expectWorkWithin(HANDED_OFF_ANSWER_POLL_NANOS);
      }
    } catch (RuntimeException e) {
      log.error("The call handler failed to start '{}' for {}", request.task(), request.caller(), e);
      finish(call, TaskResult.error(TaskStatus.FAILED, "the callee failed to start the task: " + e));
    }
  }

  /** A chunk of a request's payload. */
  void onChunk(LinkMessage.Chunk chunk) {
    InboundCall call = calls.get(chunk.callId());
    if (call == null) {
      ChunkBuffers.SHARED.giveBack(chunk.data());
      link.chunkDropped(chunk.callId());
      return;
    }
    ChunkReceiver receiver = call.requestReceiver;
    if (receiver == null) {
      ChunkBuffers.SHARED.giveBack(chunk.data());
      link.protocolError("a chunk of call " + chunk.callId() + ", which was not announced as chunked");
      return;
    }
    ChunkReceiver.Refusal refusal = receiver.accept(chunk);
    if (refusal != null) {
      if (refusal.protocolError()) {
        link.protocolError("call " + chunk.callId() + "'s payload: " + refusal.message());
      } else {
        end(call, refusal.status(), refusal.message());
      }
      return;
    }
    if (receiver instanceof PayloadAssembly whole && whole.ended() && call.waitingRequest != null) {
      TaskRequest header = call.waitingRequest;
      call.waitingRequest = null;
      start(call, new TaskRequest(header.caller(), header.task(), whole.payload(), header.deadline()));
    }
  }

  /** Credit for a result's payload. */
  void onWindowUpdate(LinkMessage.WindowUpdate update) {
    InboundCall call = calls.get(update.callId());
    if (call != null && call.resultSender != null) {
      call.resultSender.grant(update.bytes());
    }
  }

  /** Answers a call without running it. */
  void refuse(long callId, TaskStatus status, String message) {
    link.write(new LinkMessage.Result(callId, TaskResult.error(status, message)));
  }

  /** The handler opened {@code call}'s result as a stream: announce it; chunks follow as credit comes. */
  void openResultStream(InboundCall call, ChunkSender stream) {
    if (calls.get(call.callId) != call) {
      stream.stop(TaskStatus.CANCELLED, "the call has ended (cancelled, past its deadline, or its link closed)");
      return;
    }
    call.resultSender = stream;
    link.write(new LinkMessage.Result(call.callId, TaskResult.ok(new byte[0]), true));
    stream.attach(link, call.callId);
  }

  /** The last chunk of {@code call}'s streamed result is on its way: the call is over. */
  void resultStreamSent(InboundCall call) {
    if (calls.get(call.callId) == call) {
      calls.remove(call.callId);
      release(call, TaskStatus.CANCELLED, "the call has ended");
      link.callEnded();
    }
  }

  /** The result of {@code call} is ready; dropped if the call was cancelled or expired. */
  void finish(InboundCall call, TaskResult result) {
    if (calls.get(call.callId) != call) {
      return;
    }
    if (call.resultSender != null) {
      if (!result.isOk()) { // the task failed mid-stream: end the payload with its status
        link.write(LinkMessage.Chunk.abort(call.callId, call.resultSender.wireOffset(), result.status(), result.message()));
        calls.remove(call.callId);
        release(call, result.status(), result.message());
        link.callEnded();
      }
      return; // OK: the stream's last chunk ends the call
    }
    release(call, TaskStatus.CANCELLED, "the call has ended");
    if (result.isOk() && !link.fitsOneFrame(result.message().length(), result.payload().length)) {
      sendChunked(call, result.payload());
      return;
    }
    calls.remove(call.callId);
    link.write(new LinkMessage.Result(call.callId, result));
    link.callEnded();
  }

  /**
   * A whole result too large for one frame: announce it chunked and send it as credit comes. The
   * call stays in flight (for its deadline and cancel) until the last chunk is out.
   */
  private void sendChunked(InboundCall call, byte[] payload) {
    openResultStream(call, new ArraySender(payload, true, link.chunkDataBytes(), () -> resultStreamSent(call)));
  }

  /** Calls whose deadline passed: their handlers are interrupted, the caller gets TIMEOUT. */
  @Override
  public long expireDue(long nowNanos) {
    List<InboundCall> due = new ArrayList<>();
    long next = DeadlineSweep.collectDue(calls.values(), call -> call.deadlineNanos, nowNanos, due);
    for (InboundCall call : due) {
      end(call, TaskStatus.TIMEOUT, "the deadline passed at the callee; the task was interrupted");
    }
    return next;
  }

  void onCancel(LinkMessage.Cancel message) {
    InboundCall call = calls.remove(message.callId());
    if (call != null) {
      release(call, TaskStatus.CANCELLED, "the caller cancelled the call: " + message.reason());
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
      release(call, status == null ? TaskStatus.UNAVAILABLE : status, message);
      call.handle.interrupt();
      if (status != null) {
        refuse(call.callId, status, message);
      }
    }
  }

  /** Ends a call in flight with {@code status}: interrupts its handler, answers the caller. */
  private void end(InboundCall call, TaskStatus status, String message) {
    calls.remove(call.callId);
    release(call, status, message); // first, so the handler's streams fail with this status
    call.handle.interrupt();
    if (call.resultSender != null) {
      link.write(LinkMessage.Chunk.abort(call.callId, call.resultSender.wireOffset(), status, message));
    } else {
      refuse(call.callId, status, message);
    }
    link.callEnded();
  }

  /** Frees what the call buffers and stops what it sends. */
  private void release(InboundCall call, TaskStatus status, String message) {
    link.buffers().release(call.reservedBytes);
    call.reservedBytes = 0;
    if (call.requestReceiver != null) {
      call.requestReceiver.abandon(status, message);
    }
    if (call.resultSender != null) {
      call.resultSender.stop(status, message);
    }
  }
}
