package dev.echomesh.agent.control;

import dev.echomesh.agent.Agent;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.task.StreamedResult;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/call/{peer}/{task}}: calls a task on a peer with the request body as payload.
 * The result is the response body as is (chunked), with the task status and message in headers; a
 * non-OK outcome is 502 with a JSON error body. {@code ?format=json} answers every outcome as one
 * JSON object instead.
 *
 * <p>A raw call whose body is too long to collect ({@link StreamingEndpoint}) is a streamed call
 * ({@link Agent#callStreaming}): the body goes to the peer as it arrives and an OK result's
 * payload comes back as it arrives, neither held whole, so {@code echomesh send} of a file of any
 * size passes through here.
 */
final class CallEndpoint implements StreamingEndpoint {

  private static final Logger log = LoggerFactory.getLogger(CallEndpoint.class);
  /** How long an idle result-writing thread lives before it ends. */
  private static final long WRITER_IDLE_SECONDS = 10;

  private final Agent agent;
  private final ControlConfig config;
  private final PeerResolver resolver;
  private final CallEvents events;
  /** Write streamed results to their clients, blocking while a client is slow; one per connection at most. */
  private final ThreadPoolExecutor resultWriters;

  CallEndpoint(Agent agent, ControlConfig config, PeerResolver resolver, CallEvents events) {
    this.agent = agent;
    this.config = config;
    this.resolver = resolver;
    this.events = events;
    this.resultWriters = new ThreadPoolExecutor(0, config.maxConnections(), WRITER_IDLE_SECONDS, TimeUnit.SECONDS,
        new SynchronousQueue<>(), runnable -> {
          Thread thread = new Thread(runnable, "api-result-writer");
          thread.setDaemon(true);
          return thread;
        });
  }

  @Override
  public void handle(ApiRequest request, ApiExchange exchange) throws ControlException {
    Peer peer = resolver.resolve(request.pathParam("peer"));
    String task = request.pathParam("task");
    Duration timeout = request.timeout(config);
    boolean json = wantsJson(request);
    CompletableFuture<TaskResult> call;
    try {
      call = agent.call(peer.id(), task, request.body(), timeout);
    } catch (IllegalArgumentException e) {
      throw new ControlException(ControlError.MALFORMED_REQUEST, e.getMessage());
    }
    CallEvents.Timer timer = events.start("api", peer, task);
    CallResults.bounded(call, timeout, config.callGrace())
        .thenAccept(
            result -> {
              timer.ended(result);
              answer(exchange, peer, result, json);
            });
  }

  @Override
  public boolean streams(ApiRequest head) {
    return head.query("format").isEmpty() || head.query("format").equals("raw");
  }

  @Override
  public void open(ApiRequest head, InputStream body, ApiExchange exchange) throws ControlException {
    Peer peer;
    Duration timeout;
    CompletableFuture<StreamedResult> call;
    try {
      peer = resolver.resolve(head.pathParam("peer"));
      timeout = head.timeout(config);
      call = agent.callStreaming(peer.id(), head.pathParam("task"), body, timeout);
    } catch (IllegalArgumentException e) {
      close(body);
      throw new ControlException(ControlError.MALFORMED_REQUEST, e.getMessage());
    } catch (ControlException | RuntimeException e) {
      close(body);
      throw e;
    }
    exchange.onClose(() -> call.cancel(false));
    CallEvents.Timer timer = events.start("api", peer, head.pathParam("task"));
    bounded(call, timeout).thenAccept(result -> {
      timer.ended(withoutPayload(result));
      answerStreamed(exchange, peer, result);
    });
  }

  /** As {@link CallResults#bounded}, for a streamed call. */
  private CompletableFuture<StreamedResult> bounded(CompletableFuture<StreamedResult> call, Duration timeout) {
    return call
        .exceptionally(failure -> {
          log.error("a streamed call failed inside the agent", failure);
          return noPayload(TaskStatus.FAILED, "the agent failed the call: " + failure);
        })
        .completeOnTimeout(noPayload(TaskStatus.TIMEOUT, "no result within " + timeout.toMillis() + " ms"),
            timeout.plus(config.callGrace()).toNanos(), TimeUnit.NANOSECONDS);
  }

  private static StreamedResult noPayload(TaskStatus status, String message) {
    return new StreamedResult(status, message, InputStream.nullInputStream());
  }

  private void answerStreamed(ApiExchange exchange, Peer peer, StreamedResult result) {
    HttpHeaders headers = CallResults.headers(peer.id().toString(), peer.name(), withoutPayload(result));
    if (!result.isOk()) {
      result.close();
      answer(exchange, peer, withoutPayload(result), false);
      return;
    }
    try {
      resultWriters.execute(() -> {
        try (result) {
          exchange.rawStreamed(HttpResponseStatus.OK, headers, result.payload(), "application/octet-stream",
              config.responseWriteTimeout());
        } catch (IOException | RuntimeException e) {
          log.debug("local API: a streamed result to a client ended early: {}", e.toString());
        }
      });
    } catch (RejectedExecutionException e) {
      result.close();
      exchange.error(new ControlException(ControlError.BUSY, "the agent is writing too many results at once; retry"));
    }
  }

  /** The status and message of {@code result}, as a result without payload. */
  private static TaskResult withoutPayload(StreamedResult result) {
    return result.isOk() ? TaskResult.ok(new byte[0]) : TaskResult.error(result.status(), result.message());
  }

  private static void close(InputStream body) {
    try {
      body.close();
    } catch (IOException e) {
      log.debug("local API: closing a request body failed: {}", e.toString());
    }
  }

  static boolean wantsJson(ApiRequest request) throws ControlException {
    String format = request.query("format");
    if (format.isEmpty() || format.equals("raw")) {
      return false;
    }
    if (format.equals("json")) {
      return true;
    }
    throw new ControlException(
        ControlError.MALFORMED_REQUEST, "format must be raw or json, got '" + format + "'");
  }

  private static void answer(ApiExchange exchange, Peer peer, TaskResult result, boolean json) {
    if (json) {
      exchange.json(
          HttpResponseStatus.OK,
          ApiJson.outcome(new CallOutcome(peer.id(), peer.name(), result)));
      return;
    }
    HttpHeaders headers = CallResults.headers(peer.id().toString(), peer.name(), result);
    if (result.isOk()) {
      exchange.raw(HttpResponseStatus.OK, headers, result.payload(), "application/octet-stream");
    } else {
      exchange.json(
          HttpResponseStatus.BAD_GATEWAY,
          ApiJson.object()
              .put("error", CallResults.errorCode(result.status()))
              .put("status", result.status().name())
              .put("message", ApiJson.oneLine(result.message())),
          headers);
    }
  }
}
