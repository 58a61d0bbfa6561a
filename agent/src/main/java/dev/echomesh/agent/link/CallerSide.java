package dev.echomesh.agent.link;

import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.time.Ticker;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;

/**
 * The calls this node makes on one link: call IDs, the in-flight bound, deadlines (one
 * {@link DeadlineSweep} for all of them), cancellation, and their chunked payloads (the request
 * sent as credit arrives, the result admitted against the link's buffer budget). A call with a
 * chunked result stays here until its last chunk, so its deadline and cancel still end it.
 * Confined to the link's event loop, except {@link #cancel}.
 */
final class CallerSide implements DeadlineSweep.Owner {

  private static final byte[] EMPTY = new byte[0];

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
      end(call, TaskStatus.OVERLOADED, maxInFlight + " calls to " + link.peer().shortForm()
          + " are already in flight on this link (the limit); retry later");
      return;
    }
    long remaining = call.deadlineNanos - ticker.read();
    if (remaining <= 0) {
      end(call, TaskStatus.TIMEOUT, call.timeoutMessage());
      return;
    }
    if (FrameConverter.frameBytesBound(call.task.length(), 0) > link.sendFrameLimitBytes()) {
      end(call, TaskStatus.INVALID, "a task name of " + call.task.length() + " characters does not fit the frame limit"
          + " of " + link.peer().shortForm() + " (" + link.sendFrameLimitBytes() + " bytes)");
      return;
    }
    if (call.requestSender == null && !link.fitsOneFrame(call.task.length(), call.payload.length)) {
      // Fits this node's frame limit but not the peer's smaller one: chunked to the peer's.
      call.requestSender = new ArraySender(call.payload, false, link.chunkDataBytes(), () -> { });
    }
    if (!call.claimSend()) {
      return; // it ended unsent meanwhile (link timeout, deadline, cancelled): it must not leave now
    }
    long id = nextCallId++;
    call.callId = id;
    calls.put(id, call);
    deadlines.track(call.deadlineNanos);
    boolean chunked = call.requestSender != null;
    link.write(new LinkMessage.Call(id, call.task, chunked ? EMPTY : call.payload, ceilMillis(remaining), chunked,
        call.idempotencyKey));
    call.payloadWritten();
    if (chunked) {
      call.requestSender.attach(link, id);
    }
  }

  /** Calls whose deadline passed: TIMEOUT for the caller, Cancel for the callee. */
  @Override
  public long expireDue(long nowNanos) {
    List<PendingCall> due = new ArrayList<>();
    long next = DeadlineSweep.collectDue(calls.values(), call -> call.deadlineNanos, nowNanos, due);
    for (PendingCall call : due) {
      calls.remove(call.callId);
      link.write(new LinkMessage.Cancel(call.callId, "deadline passed"));
      end(call, TaskStatus.TIMEOUT, call.timeoutMessage());
      link.callEnded();
    }
    return next;
  }

  /** Any thread: the caller cancelled {@code call}; tell the callee (unless shut down). */
  void cancel(PendingCall call) {
    link.execute(() -> {
      if (call.callId != 0 && calls.get(call.callId) == call) {
        calls.remove(call.callId);
        link.write(new LinkMessage.Cancel(call.callId, "cancelled by the caller"));
        end(call, TaskStatus.CANCELLED, "cancelled by the caller");
        link.callEnded();
      }
    });
  }

  void onResult(LinkMessage.Result message) {
    PendingCall call = calls.get(message.callId());
    if (call == null) {
      return; // answered after its deadline or cancellation: the caller has its status already
    }
    if (call.resultReceiver != null) {
      link.protocolError("a second Result for call " + message.callId());
      return;
    }
    if (message.chunked() && message.result().isOk()) {
      receiveChunked(call); // the callee may still be reading the request: its sender goes on
      return;
    }
    if (call.requestSender != null) {
      call.requestSender.stop(message.result().status(), "the callee answered before reading the whole payload: "
          + message.result());
    }
    calls.remove(message.callId());
    call.complete(message.result());
    link.callEnded();
  }

  /** An OK result whose payload follows in chunks: admit it against the buffer budget, grant its window. */
  private void receiveChunked(PendingCall call) {
    int window = link.streams().windowBytes();
    if (!link.buffers().tryReserve(window)) {
      calls.remove(call.callId);
      link.write(new LinkMessage.Cancel(call.callId, "the caller has no room to buffer the result"));
      end(call, TaskStatus.OVERLOADED, "the result is streamed, and the bytes buffered for calls on this agent"
          + " reached their bound; retry later");
      link.callEnded();
      return;
    }
    if (call.streamsResult) {
      InboundStream stream = new InboundStream(link, call.callId, true, link.buffers(), window, ticker,
          call.deadlineNanos, call::cancelOnLink);
      call.resultReceiver = stream;
      call.resultStream = stream;
      link.grant(call.callId, true, window);
      call.complete(TaskResult.ok(new byte[0]));
    } else {
      call.resultReceiver = new PayloadAssembly(link, call.callId, true, link.buffers(), window);
      link.grant(call.callId, true, window);
    }
  }

  /** A chunk of a result's payload. */
  void onChunk(LinkMessage.Chunk chunk) {
    PendingCall call = calls.get(chunk.callId());
    if (call == null) {
      ChunkBuffers.SHARED.giveBack(chunk.data());
      link.chunkDropped(chunk.callId());
      return;
    }
    ChunkReceiver receiver = call.resultReceiver;
    if (receiver == null) {
      ChunkBuffers.SHARED.giveBack(chunk.data());
      link.protocolError("a chunk of call " + chunk.callId() + "'s result, which was not announced as chunked");
      return;
    }
    if (chunk.abortStatus() != null) {
      calls.remove(call.callId);
      end(call, chunk.abortStatus(), "the callee's task failed while streaming its result: " + chunk.abortMessage());
      link.callEnded();
      return;
    }
    ChunkReceiver.Refusal refusal = receiver.accept(chunk);
    if (refusal != null) {
      if (refusal.protocolError()) {
        link.protocolError("call " + chunk.callId() + "'s result: " + refusal.message());
        return;
      }
      calls.remove(call.callId);
      link.write(new LinkMessage.Cancel(call.callId, refusal.message()));
      end(call, refusal.status(), refusal.message());
      link.callEnded();
      return;
    }
    if (receiver.ended()) {
      calls.remove(call.callId);
      if (call.requestSender != null) {
        call.requestSender.stop(TaskStatus.CANCELLED, "the callee's result ended before it read the whole payload");
      }
      if (receiver instanceof PayloadAssembly whole) {
        call.complete(TaskResult.ok(whole.payload()));
        whole.release();
      }
      link.callEnded();
    }
  }

  /** Credit for a request's payload. */
  void onWindowUpdate(LinkMessage.WindowUpdate update) {
    PendingCall call = calls.get(update.callId());
    if (call != null && call.requestSender != null) {
      call.requestSender.grant(update.bytes());
    }
  }

  /** Ends every call in flight with {@code status}. */
  void failAll(TaskStatus status, String message) {
    List<PendingCall> all = new ArrayList<>(calls.values());
    calls.clear();
    deadlines.stop();
    for (PendingCall call : all) {
      end(call, status, message);
    }
  }

  /** Ends {@code call} with {@code status}: its future, its payload senders and receivers. */
  private static void end(PendingCall call, TaskStatus status, String message) {
    if (call.requestSender != null) {
      call.requestSender.stop(status, message);
    }
    if (call.resultReceiver != null) {
      call.resultReceiver.abandon(status, message);
    }
    call.fail(status, message);
  }

  private static long ceilMillis(long nanos) {
    return (nanos + 999_999) / 1_000_000;
  }
}
