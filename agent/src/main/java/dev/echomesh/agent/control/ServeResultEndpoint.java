package dev.echomesh.agent.control;

import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST /v1/serve/{session}/{call}}: a serving program's result for one call. The body is the
 * result payload; header {@code Echomesh-Status} (default OK) and {@code Echomesh-Message} give a
 * failure. For a failure without a message header, the body (as text) is the message.
 */
final class ServeResultEndpoint implements Endpoint {

  /** Longest message kept, in characters. */
  static final int MAX_MESSAGE_CHARS = 1000;

  private final ServedTasks served;

  ServeResultEndpoint(ServedTasks served) {
    this.served = served;
  }

  @Override
  public void handle(ApiRequest request, ApiExchange exchange) throws ControlException {
    ServeSession session = served.session(request.pathParam("session"));
    long call;
    try {
      call = Long.parseLong(request.pathParam("call"));
    } catch (NumberFormatException e) {
      throw new ControlException(
          ControlError.MALFORMED_REQUEST,
          "a call ID is a number, got '" + request.pathParam("call") + "'");
    }
    session.answer(call, result(request));
    exchange.json(HttpResponseStatus.OK, ApiJson.object().put("call", call).put("accepted", true));
  }

  private static TaskResult result(ApiRequest request) throws ControlException {
    String statusText = request.headers().get(CallResults.STATUS_HEADER, "OK").trim();
    TaskStatus status;
    try {
      status = TaskStatus.valueOf(statusText);
    } catch (IllegalArgumentException e) {
      throw new ControlException(
          ControlError.MALFORMED_REQUEST,
          CallResults.STATUS_HEADER + " must be a task status (OK, FAILED, INVALID, ...), got '"
              + statusText + "'");
    }
    if (status == TaskStatus.OK) {
      return TaskResult.ok(request.body());
    }
    String message = HeaderText.decode(request.headers().get(CallResults.MESSAGE_HEADER));
    if (message.isEmpty()) {
      message = new String(request.body(), StandardCharsets.UTF_8);
    }
    message = ApiJson.oneLine(message);
    if (message.length() > MAX_MESSAGE_CHARS) {
      message = message.substring(0, MAX_MESSAGE_CHARS) + "...";
    }
    return TaskResult.error(status, message);
  }
}
