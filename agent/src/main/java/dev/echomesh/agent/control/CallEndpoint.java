package dev.echomesh.agent.control;

import dev.echomesh.agent.Agent;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.task.TaskResult;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * {@code POST /v1/call/{peer}/{task}}: calls a task on a peer with the request body as payload.
 * The result is the response body as is (chunked), with the task status and message in headers; a
 * non-OK outcome is 502 with a JSON error body. {@code ?format=json} answers every outcome as one
 * JSON object instead.
 */
final class CallEndpoint implements Endpoint {

  private final Agent agent;
  private final ControlConfig config;
  private final PeerResolver resolver;
  private final CallEvents events;

  CallEndpoint(Agent agent, ControlConfig config, PeerResolver resolver, CallEvents events) {
    this.agent = agent;
    this.config = config;
    this.resolver = resolver;
    this.events = events;
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
