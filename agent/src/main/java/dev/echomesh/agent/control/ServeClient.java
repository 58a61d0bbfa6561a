package dev.echomesh.agent.control;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskResult;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Serves tasks through the local API ({@code POST /v1/serve}): registers them, then yields the
 * calls to answer until closed; the tasks disappear from the agent the moment this closes. {@link
 * #next} is for one thread; {@link #answer} may be called from any thread (each answer is its own
 * short request).
 */
public final class ServeClient implements AutoCloseable {

  /** How long the stream may stay silent: several of the agent's keepalive intervals. */
  static final Duration SILENCE_TIMEOUT = Duration.ofSeconds(60);

  private final Path dataDir;
  private final HttpConnection stream;
  private final SseReader events;
  private final String session;
  private final Duration responseTimeout;

  private ServeClient(
      Path dataDir, HttpConnection stream, SseReader events, String session, Duration timeout) {
    this.dataDir = dataDir;
    this.stream = stream;
    this.events = events;
    this.session = session;
    this.responseTimeout = timeout;
  }

  /**
   * Registers {@code tasks} with the agent of {@code dataDir}.
   *
   * @throws AgentNotRunningException when no agent runs there
   * @throws ControlException TASK_TAKEN, TOO_MANY_TASKS, MALFORMED_REQUEST... when refused
   */
  public static ServeClient open(Path dataDir, List<ServedTask> tasks) throws IOException {
    Path absolute = dataDir.toAbsolutePath().normalize();
    Duration timeout = ControlClient.DEFAULT_RESPONSE_TIMEOUT;
    HttpConnection connection = HttpConnection.open(absolute);
    try {
      ObjectNode body = ApiJson.object();
      ArrayNode array = body.putArray("tasks");
      for (ServedTask task : tasks) {
        ObjectNode entry =
            array
                .addObject()
                .put("name", task.name())
                .put("description", task.description())
                .put("concurrency", task.concurrency());
        if (task.allowedCallers() != null) {
          ArrayNode allow = entry.putArray("allow");
          task.allowedCallers().stream().map(NodeId::toString).sorted().forEach(allow::add);
        }
      }
      connection.send(post("/v1/serve", ApiJson.line(body).getBytes(StandardCharsets.UTF_8), "application/json"), timeout);
      HttpResponse head = connection.head(timeout);
      if (head.status().code() != 200) {
        HttpConnection.Response refused = connection.rest(head, timeout);
        throw ClientErrors.fromResponse(refused);
      }
      SseReader events = new SseReader(connection);
      SseReader.Event registered = events.next(timeout);
      if (registered == null || !ServeSession.REGISTERED.equals(registered.name())) {
        throw ClientErrors.protocol("the agent did not confirm the registration");
      }
      String session =
          ApiJson.text(ApiJson.read(registered.data().getBytes(StandardCharsets.UTF_8)), "session");
      return new ServeClient(absolute, connection, events, session, timeout);
    } catch (IOException | RuntimeException e) {
      connection.close();
      throw e;
    }
  }

  /** The session ID results are posted under. */
  public String session() {
    return session;
  }

  /**
   * Waits for the next call (cancel notices are skipped: the agent has already answered the
   * caller).
   *
   * @return the call, or null when the agent ended the stream (it stopped)
   */
  public IncomingCall next() throws IOException {
    while (true) {
      SseReader.Event event = events.next(SILENCE_TIMEOUT);
      if (event == null) {
        return null;
      }
      if (!ServeSession.CALL.equals(event.name())) {
        continue;
      }
      try {
        JsonNode call = ApiJson.read(event.data().getBytes(StandardCharsets.UTF_8));
        return new IncomingCall(
            ApiJson.required(call, "call").asLong(),
            ApiJson.text(call, "task"),
            NodeId.parse(ApiJson.text(call, "caller")),
            ApiJson.payloadFrom(call),
            Duration.ofMillis(ApiJson.required(call, "deadlineMillis").asLong()));
      } catch (IllegalArgumentException e) {
        throw ClientErrors.protocol("the agent sent an invalid call event: " + e.getMessage());
      }
    }
  }

  /**
   * Posts the result of call {@code id}.
   *
   * @throws ControlException CALL_NOT_FOUND when the call no longer waits (past its deadline)
   */
  public void answer(long id, TaskResult result) throws IOException {
    try (HttpConnection connection = HttpConnection.open(dataDir)) {
      FullHttpRequest request =
          post("/v1/serve/" + session + "/" + id, result.payload(), "application/octet-stream");
      request.headers().set(CallResults.STATUS_HEADER, result.status().name());
      if (!result.message().isEmpty()) {
        request
            .headers()
            .set(CallResults.MESSAGE_HEADER, HeaderText.encode(ApiJson.oneLine(result.message())));
      }
      connection.send(request, responseTimeout);
      HttpConnection.Response response =
          connection.receive(responseTimeout, ControlClient.MAX_RESPONSE_BYTES);
      if (response.status() != 200) {
        throw ClientErrors.fromResponse(response);
      }
    }
  }

  /** Stops serving: the agent drops the tasks and ends their calls in flight. */
  @Override
  public void close() {
    stream.close();
  }

  private static FullHttpRequest post(String uri, byte[] body, String contentType) {
    FullHttpRequest request =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1, HttpMethod.POST, uri, Unpooled.wrappedBuffer(body));
    request
        .headers()
        .set(HttpHeaderNames.HOST, "localhost")
        .set(HttpHeaderNames.CONTENT_TYPE, contentType)
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    return request;
  }
}
