package dev.echomesh.agent.task.internal;

import dev.echomesh.agent.task.ResultStream;
import dev.echomesh.agent.task.StreamFailedException;
import dev.echomesh.agent.task.StreamingTaskHandler;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link StreamingTaskHandler} on a task thread: gives it the payload stream and a
 * {@link ResultStream} on the call's sink, closes a result stream the handler left open, and
 * closes the payload stream afterwards (which frees what it buffers).
 */
final class StreamingRun implements ResultStream {

  private static final Logger log = LoggerFactory.getLogger(StreamingRun.class);

  private final CallHandler.ResultSink sink;
  private OutputStream opened;

  private StreamingRun(CallHandler.ResultSink sink) {
    this.sink = sink;
  }

  @Override
  public OutputStream open() throws IOException {
    if (opened != null) {
      throw new IllegalStateException("the result stream was opened twice");
    }
    opened = sink.openStream();
    return opened;
  }

  /**
   * @param payload the payload stream; null = the request's whole payload
   * @return the result to hand to the sink (ignored by it once a streamed result has ended)
   */
  static TaskResult invoke(StreamingTaskHandler handler, TaskRequest request, InputStream payload,
      CallHandler.ResultSink sink) {
    InputStream in = payload != null ? payload : new ByteArrayInputStream(request.payload());
    TaskRequest header = payload != null
        ? request
        : new TaskRequest(request.caller(), request.task(), new byte[0], request.deadline());
    StreamingRun run = new StreamingRun(sink);
    TaskResult result;
    try {
      result = TaskRun.invoke(request, () -> handler.handle(header, in, run));
      if (run.opened != null && result.isOk()) {
        run.opened.close();
      }
    } catch (StreamFailedException ended) {
      result = TaskResult.error(ended.status(), ended.getMessage());
    } catch (IOException e) {
      result = TaskResult.error(TaskStatus.FAILED, "sending the result failed: " + e.getMessage());
    } finally {
      try {
        in.close();
      } catch (IOException e) {
        log.debug("Closing the payload stream of '{}' failed: {}", request.task(), e.toString());
      }
    }
    return result;
  }
}
