package dev.echomesh.agent;

import dev.echomesh.agent.task.internal.CallHandler;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.time.Ticker;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The call handler the link layer sees: passes every incoming call on to the agent's handler and
 * tells {@link ActivityListener#callHandled} how each ended (its first result, or CANCELLED when
 * the link interrupted it first), timed on the agent's ticker.
 */
final class ObservedCalls implements CallHandler {

  private final CallHandler delegate;
  private final ActivityListener activity;
  private final Ticker ticker;

  ObservedCalls(CallHandler delegate, ActivityListener activity, Ticker ticker) {
    this.delegate = delegate;
    this.activity = activity;
    this.ticker = ticker;
  }

  @Override
  public CallHandle start(TaskRequest request, ResultSink sink) {
    Observed observed = new Observed(request.task(), sink);
    return observed.handle(delegate.start(request, observed));
  }

  @Override
  public boolean streamsPayload(TaskRequest request) {
    return delegate.streamsPayload(request);
  }

  @Override
  public CallHandle startStreamed(TaskRequest request, InputStream payload, ResultSink sink) {
    Observed observed = new Observed(request.task(), sink);
    return observed.handle(delegate.startStreamed(request, payload, observed));
  }

  /** One call's sink: reports its end once, then passes everything on. */
  private final class Observed implements ResultSink {
    private final String task;
    private final ResultSink sink;
    private final long startNanos = ticker.read();
    private final AtomicBoolean ended = new AtomicBoolean();

    Observed(String task, ResultSink sink) {
      this.task = task;
      this.sink = sink;
    }

    @Override
    public void complete(TaskResult result) {
      end(result.status());
      sink.complete(result);
    }

    @Override
    public OutputStream openStream() throws IOException {
      return sink.openStream();
    }

    CallHandle handle(CallHandle work) {
      return () -> {
        end(TaskStatus.CANCELLED);
        work.interrupt();
      };
    }

    private void end(TaskStatus status) {
      if (ended.compareAndSet(false, true)) {
        activity.callHandled(task, status, ticker.read() - startNanos);
      }
    }
  }
}
