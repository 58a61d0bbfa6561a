package dev.echomesh.agent.link;

import dev.echomesh.agent.task.StreamFailedException;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.internal.CallHandler;
import dev.echomesh.agent.time.Ticker;
import dev.echomesh.agent.task.TaskStatus;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call a peer made on a link: the sink its result goes to (whole, or streamed in chunks),
 * the task that carries that result back to the link's event loop (one object per call, no extra
 * lambdas), and its payload's chunks and buffer reservation.
 */
final class InboundCall implements CallHandler.ResultSink, Runnable {

  private static final Logger log = LoggerFactory.getLogger(InboundCall.class);

  final Link link;
  final long callId;
  /** When the callee gives up on the call, in {@link Ticker} nanos. */
  final long deadlineNanos;
  /** Set and read on the link's loop. */
  CallHandler.CallHandle handle = CallHandler.CallHandle.DONE;
  /** Where a chunked request payload goes; null = it came whole. Loop. */
  ChunkReceiver requestReceiver;
  /** Bytes of a whole request payload reserved against the link's budget until the call ends. Loop. */
  long reservedBytes;
  /** A chunked request payload's task, started once the payload is whole. Loop. */
  TaskRequest waitingRequest;
  /** The chunked result, once announced (a handler's stream, or a large whole result). Loop. */
  ChunkSender resultSender;
  private TaskResult result;
  private volatile boolean streamOpened;

  InboundCall(Link link, long callId, long deadlineNanos) {
    this.link = link;
    this.callId = callId;
    this.deadlineNanos = deadlineNanos;
  }

  @Override
  public void complete(TaskResult taskResult) {
    // The hand-over to the loop (execute) publishes the field to it.
    result = taskResult;
    if (link.inEventLoop()) {
      run();
    } else if (!link.execute(this)) {
      log.debug("Dropped the result of call {}: the link layer has stopped", callId);
    }
  }

  @Override
  public void run() {
    link.finishIncoming(this, result);
  }

  @Override
  public synchronized OutputStream openStream() throws StreamFailedException {
    if (streamOpened) {
      throw new IllegalStateException("the result stream of call " + callId + " was opened twice");
    }
    streamOpened = true;
    OutboundStream stream = new OutboundStream(true, link.chunkDataBytes(), link.ticker(), deadlineNanos,
        () -> link.resultStreamSent(this));
    if (!link.execute(() -> link.openResultStream(this, stream))) {
      throw new StreamFailedException(TaskStatus.UNAVAILABLE, "the link layer has stopped");
    }
    return stream;
  }
}
