package dev.echomesh.agent.link;

import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.time.Ticker;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call a peer made on a link: the sink its result goes to, and the task that carries that
 * result back to the link's event loop (one object per call, no extra lambdas).
 */
final class InboundCall implements CallHandler.ResultSink, Runnable {

  private static final Logger log = LoggerFactory.getLogger(InboundCall.class);

  final Link link;
  final long callId;
  /** When the callee gives up on the call, in {@link Ticker} nanos. */
  final long deadlineNanos;
  /** Set and read on the link's loop. */
  CallHandler.CallHandle handle = CallHandler.CallHandle.DONE;
  private TaskResult result;

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
}
