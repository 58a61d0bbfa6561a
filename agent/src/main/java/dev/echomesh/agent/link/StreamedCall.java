package dev.echomesh.agent.link;

import dev.echomesh.agent.time.Ticker;
import dev.echomesh.agent.concurrent.PollingFuture;
import dev.echomesh.agent.task.StreamFailedException;
import dev.echomesh.agent.task.StreamedResult;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The caller's side of a streamed call: the future of its {@link StreamedResult}, completed
 * when the Result arrives (its payload still arriving), and the pump that copies the caller's
 * payload stream into the call's chunks on a stream thread, blocking while the callee's window
 * is full. Cancelling the future cancels the call.
 */
final class StreamedCall extends PollingFuture<StreamedResult> {

  private static final Logger log = LoggerFactory.getLogger(StreamedCall.class);

  private final PendingCall call;

  private StreamedCall(PendingCall call) {
    this.call = call;
  }

  /**
   * Sets up {@code call} (not yet routed) to send {@code payload} as a stream and to receive its
   * result as one.
   */
  static StreamedCall prepare(PendingCall call, InputStream payload, int chunkBytes, Ticker ticker,
      ExecutorService pumps) {
    OutboundStream out = new OutboundStream(false, chunkBytes, ticker, call.deadlineNanos, () -> { });
    call.requestSender = out;
    call.streamsResult = true;
    StreamedCall streamed = new StreamedCall(call);
    call.whenComplete((result, error) -> {
      if (error != null || !result.isOk()) { // ended before or without reading the payload: stop the pump
        out.stop(error != null ? TaskStatus.CANCELLED : result.status(),
            error != null ? "the call was cancelled" : result.message());
      }
      streamed.settle(result, error);
    });
    try {
      pumps.execute(() -> pump(call, payload, out));
    } catch (RejectedExecutionException stopped) {
      close(payload);
      call.fail(TaskStatus.CANCELLED, "this agent is closed");
    }
    return streamed;
  }

  private void settle(TaskResult result, Throwable error) {
    if (error != null) {
      completeExceptionally(error);
      return;
    }
    InputStream body = result.isOk() && call.resultStream != null
        ? call.resultStream
        : new ByteArrayInputStream(result.payload());
    if (!complete(new StreamedResult(result.status(), result.message(), body))) {
      close(body); // the future was cancelled meanwhile
    }
  }

  private static void pump(PendingCall call, InputStream payload, OutboundStream out) {
    try (InputStream in = payload) {
      out.transferFrom(in);
      out.close();
    } catch (StreamFailedException ended) {
      log.debug("Stopped sending the payload of '{}': {}", call.task, ended.getMessage());
    } catch (IOException e) {
      call.abort(TaskStatus.FAILED, "reading the payload to send failed: " + e.getMessage());
    } catch (RuntimeException e) {
      log.warn("The payload stream of a call to '{}' failed", call.task, e);
      call.abort(TaskStatus.FAILED, "reading the payload to send failed: " + e);
    }
  }

  private static void close(InputStream stream) {
    try {
      stream.close();
    } catch (IOException e) {
      log.debug("Closing a payload stream failed: {}", e.toString());
    }
  }

  @Override
  public boolean cancel(boolean mayInterruptIfRunning) {
    boolean cancelled = super.cancel(mayInterruptIfRunning);
    if (cancelled) {
      call.cancel(mayInterruptIfRunning);
    }
    return cancelled;
  }
}
