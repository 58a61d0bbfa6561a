package dev.echomesh.agent.control;

import dev.echomesh.agent.Agent;
import dev.echomesh.agent.AnyCallResult;
import dev.echomesh.agent.PeerSelector;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /v1/call-any/{task}}: calls a task on one ALIVE peer that offers it ({@link
 * Agent#callAny}), chosen by {@code ?select=} among those with every {@code ?tag=}, failing over
 * to the next within the deadline. Answers like {@link CallEndpoint}, plus the peers tried and the
 * attempts made ({@link CallResults#PEERS_TRIED_HEADER}, {@link CallResults#ATTEMPTS_HEADER}, or
 * fields in {@code ?format=json}); the peer headers are absent when no peer was called.
 */
final class CallAnyEndpoint implements Endpoint {

  private static final Logger log = LoggerFactory.getLogger(CallAnyEndpoint.class);

  private final Agent agent;
  private final ControlConfig config;
  private final CallEvents events;

  CallAnyEndpoint(Agent agent, ControlConfig config, CallEvents events) {
    this.agent = agent;
    this.config = config;
    this.events = events;
  }

  @Override
  public void handle(ApiRequest request, ApiExchange exchange) throws ControlException {
    String task = request.pathParam("task");
    Duration timeout = request.timeout(config);
    boolean json = CallEndpoint.wantsJson(request);
    PeerSelector selector = CallAnyQuery.selector(request);
    byte[] key = CallAnyQuery.idempotencyKey(request);
    CompletableFuture<AnyCallResult> call;
    try {
      call = agent.callAny(task, selector, request.body(), timeout, key);
    } catch (IllegalArgumentException e) {
      throw new ControlException(ControlError.MALFORMED_REQUEST, e.getMessage());
    }
    CallEvents.Timer timer = events.start("api", "", "", task);
    bounded(call, timeout).thenAccept(result -> {
      AnyCallOutcome outcome = outcome(result);
      timer.endedOn(outcome.peer() == null ? "" : outcome.peer().toString(), outcome.peerName(), result.result());
      answer(exchange, outcome, json);
    });
  }

  /** As {@link CallResults#bounded}, for a call-any. Never completes exceptionally. */
  private CompletableFuture<AnyCallResult> bounded(CompletableFuture<AnyCallResult> call, Duration timeout) {
    return call
        .exceptionally(failure -> {
          log.error("a call-any failed inside the agent", failure);
          return new AnyCallResult(null, 0, 0,
              TaskResult.error(TaskStatus.FAILED, "the agent failed the call: " + failure));
        })
        .completeOnTimeout(
            new AnyCallResult(null, 0, 0,
                TaskResult.error(TaskStatus.TIMEOUT, "no result within " + timeout.toMillis() + " ms")),
            timeout.plus(config.callGrace()).toNanos(), TimeUnit.NANOSECONDS);
  }

  private AnyCallOutcome outcome(AnyCallResult result) {
    String name = result.peer() == null ? ""
        : agent.peers().stream().filter(p -> p.id().equals(result.peer())).map(Peer::name).findFirst().orElse("");
    return new AnyCallOutcome(result.peer(), name, result.peersTried(), result.attempts(), result.result());
  }

  private static void answer(ApiExchange exchange, AnyCallOutcome outcome, boolean json) {
    TaskResult result = outcome.result();
    if (json) {
      exchange.json(HttpResponseStatus.OK, AnyCallJson.outcome(outcome));
      return;
    }
    HttpHeaders headers = outcome.peer() == null
        ? CallResults.headers(result)
        : CallResults.headers(outcome.peer().toString(), outcome.peerName(), result);
    headers.set(CallResults.PEERS_TRIED_HEADER, outcome.peersTried())
        .set(CallResults.ATTEMPTS_HEADER, outcome.attempts());
    if (result.isOk()) {
      exchange.raw(HttpResponseStatus.OK, headers, result.payload(), "application/octet-stream");
    } else {
      exchange.json(HttpResponseStatus.BAD_GATEWAY,
          ApiJson.object()
              .put("error", CallResults.errorCode(result.status()))
              .put("status", result.status().name())
              .put("message", ApiJson.oneLine(result.message())),
          headers);
    }
  }
}
