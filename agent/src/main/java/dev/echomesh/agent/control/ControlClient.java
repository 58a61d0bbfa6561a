package dev.echomesh.agent.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.echomesh.agent.PeerSelector;
import dev.echomesh.agent.discovery.DiscoveryReport;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.task.StreamedResult;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Talks to the agent running on a data directory through its local API (docs/local-api.md): the
 * client of the {@code echomesh} command line. One request at a time over one kept-alive
 * connection; not thread-safe. Every wait is bounded: a short request waits up to the response
 * timeout, a call up to its own timeout plus the response timeout.
 *
 * <pre>{@code
 * try (ControlClient agent = ControlClient.connect(dataDir)) {
 *   CallOutcome outcome = agent.call("alice", "echo", bytes, Duration.ofSeconds(5));
 * }
 * }</pre>
 *
 * <p>Errors: {@link AgentNotRunningException} from {@code connect} when no agent runs; a {@link
 * ControlException} when the agent refuses a request (its {@link ControlError} says why) or the
 * connection fails (PROTOCOL).
 */
public final class ControlClient implements AutoCloseable {

  /** Default time the agent has to answer a request, on top of any call timeout. */
  /** The {@code select} parameter of each peer selection strategy. */
  private static final Map<PeerSelector.Strategy, String> SELECTIONS = Map.of(
      PeerSelector.Strategy.LEAST_RTT, "rtt",
      PeerSelector.Strategy.LEAST_LOAD, "load",
      PeerSelector.Strategy.RANDOM, "random");

  public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(15);

  /** Largest answer read, in bytes: room for a broadcast of large results. */
  static final int MAX_RESPONSE_BYTES = 512 * 1024 * 1024;

  private final Path dataDir;
  private final HttpConnection connection;
  private final Duration responseTimeout;

  private ControlClient(Path dataDir, HttpConnection connection, Duration responseTimeout) {
    this.dataDir = dataDir;
    this.connection = connection;
    this.responseTimeout = responseTimeout;
  }

  /**
   * Connects to the agent of {@code dataDir}.
   *
   * @throws AgentNotRunningException when no agent runs there
   */
  public static ControlClient connect(Path dataDir) throws IOException {
    return connect(dataDir, DEFAULT_RESPONSE_TIMEOUT);
  }

  /**
   * @param responseTimeout how long the agent has to answer, on top of any call timeout; positive
   */
  public static ControlClient connect(Path dataDir, Duration responseTimeout) throws IOException {
    Objects.requireNonNull(responseTimeout, "responseTimeout");
    if (responseTimeout.isZero() || responseTimeout.isNegative()) {
      throw new IllegalArgumentException(
          "responseTimeout must be positive, got " + responseTimeout);
    }
    Path absolute = dataDir.toAbsolutePath().normalize();
    return new ControlClient(absolute, HttpConnection.open(absolute), responseTimeout);
  }

  /** What the agent says about itself. */
  public AgentStatus status() throws IOException {
    return decode(ApiJson::statusFrom, okJson(HttpMethod.GET, "/v1/status", Duration.ZERO));
  }

  /** What the agent's mDNS discovery hears ({@code GET /v1/diagnostics}). */
  public DiscoveryReport discoveryReport() throws IOException {
    return decode(DiagnosticsJson::discoveryFrom, okJson(HttpMethod.GET, "/v1/diagnostics", Duration.ZERO));
  }

  /**
   * The dashboard's URL with the API token in its fragment ({@code http://127.0.0.1:PORT/#token=...});
   * empty when the agent's TCP listener is off. A secret: print it for the owner only.
   */
  public Optional<String> dashboardUrl() throws IOException {
    JsonNode answer = okJson(HttpMethod.GET, "/v1/dashboard", Duration.ZERO);
    return answer.path("listening").asBoolean(false)
        ? Optional.of(answer.path("url").asText())
        : Optional.empty();
  }

  /** The peers the agent knows, in node ID order. */
  public List<Peer> peers() throws IOException {
    return decode(ApiJson::peersFrom, okJson(HttpMethod.GET, "/v1/peers", Duration.ZERO));
  }

  /** The agent's own tasks. */
  public TaskListing localTasks() throws IOException {
    return decode(ApiJson::taskListingFrom, okJson(HttpMethod.GET, "/v1/tasks", Duration.ZERO));
  }

  /**
   * A peer's tasks, asked from the peer itself.
   *
   * @param peer node ID, unique node ID prefix, or name
   * @throws ControlException PEER_NOT_FOUND or PEER_AMBIGUOUS when {@code peer} names no single
   *     peer, BAD_PEER_RESPONSE when the peer's list is unreadable
   */
  public TaskListing peerTasks(String peer, Duration timeout) throws IOException {
    String uri = "/v1/tasks?peer=" + encode(peer) + "&timeoutMillis=" + millis(timeout);
    return decode(ApiJson::taskListingFrom, okJson(HttpMethod.GET, uri, timeout));
  }

  /**
   * Calls {@code task} on {@code peer} through the agent.
   *
   * @param peer node ID, unique node ID prefix, or name
   * @return the outcome; a task's failure (NOT_FOUND, TIMEOUT, ...) is an outcome, not an exception
   * @throws ControlException PEER_NOT_FOUND or PEER_AMBIGUOUS when {@code peer} names no single
   *     peer
   */
  public CallOutcome call(String peer, String task, byte[] payload, Duration timeout)
      throws IOException {
    String uri =
        "/v1/call/" + encode(peer) + "/" + encode(task) + "?timeoutMillis=" + millis(timeout);
    HttpConnection.Response response = exchange(HttpMethod.POST, uri, payload, timeout);
    String status = response.headers().get(CallResults.STATUS_HEADER);
    if (status == null) {
      throw ClientErrors.fromResponse(response);
    }
    try {
      TaskStatus taskStatus = TaskStatus.valueOf(status);
      TaskResult result =
          taskStatus == TaskStatus.OK
              ? TaskResult.ok(response.body())
              : TaskResult.error(
                  taskStatus,
                  HeaderText.decode(response.headers().get(CallResults.MESSAGE_HEADER)));
      return new CallOutcome(
          NodeId.parse(response.headers().get(CallResults.PEER_HEADER, "")),
          HeaderText.decode(response.headers().get(CallResults.PEER_NAME_HEADER)),
          result);
    } catch (IllegalArgumentException e) {
      throw ClientErrors.protocol("the agent sent an invalid call result: " + e.getMessage());
    }
  }

  /**
   * Calls {@code task} on {@code peer} with a payload streamed from {@code payload} and a result
   * read as it arrives (close it before the next request on this client).
   *
   * @throws ControlException PEER_NOT_FOUND or PEER_AMBIGUOUS when {@code peer} names no single peer
   */
  public StreamedResult callStreaming(String peer, String task, InputStream payload, Duration timeout)
      throws IOException {
    String uri = "/v1/call/" + encode(peer) + "/" + encode(task) + "?timeoutMillis=" + millis(timeout);
    return StreamedCall.call(connection, uri, payload, responseTimeout.plus(timeout));
  }

  /**
   * Calls {@code task} on one ALIVE peer that offers it and matches {@code selector}, failing over
   * to the next within {@code timeout} ({@code POST /v1/call-any/{task}}).
   *
   * @param idempotencyKey the client's key, 1 to 64 printable ASCII characters: a retry with the
   *     same key gets the remembered outcome from a peer that ran the task already; null = the
   *     agent makes a fresh one
   * @return the outcome; a task's failure (NOT_FOUND, TIMEOUT, no peer offers it...) is an outcome,
   *     not an exception
   */
  public AnyCallOutcome callAny(String task, PeerSelector selector, byte[] payload, Duration timeout,
      String idempotencyKey) throws IOException {
    StringBuilder uri = new StringBuilder("/v1/call-any/").append(encode(task))
        .append("?timeoutMillis=").append(millis(timeout))
        .append("&select=").append(SELECTIONS.get(selector.strategy()));
    selector.requiredTags().forEach((k, v) -> uri.append("&tag=").append(encode(k + "=" + v)));
    FullHttpRequest request = request(HttpMethod.POST, uri.toString(), payload);
    if (idempotencyKey != null) {
      request.headers().set(CallAnyQuery.IDEMPOTENCY_KEY_HEADER, idempotencyKey);
    }
    HttpConnection.Response response = exchange(request, timeout);
    HttpHeaders headers = response.headers();
    String status = headers.get(CallResults.STATUS_HEADER);
    if (status == null) {
      throw ClientErrors.fromResponse(response);
    }
    try {
      TaskStatus taskStatus = TaskStatus.valueOf(status);
      TaskResult result = taskStatus == TaskStatus.OK
          ? TaskResult.ok(response.body())
          : TaskResult.error(taskStatus, HeaderText.decode(headers.get(CallResults.MESSAGE_HEADER)));
      String peer = headers.get(CallResults.PEER_HEADER);
      return new AnyCallOutcome(peer == null ? null : NodeId.parse(peer),
          HeaderText.decode(headers.get(CallResults.PEER_NAME_HEADER)),
          headers.getInt(CallResults.PEERS_TRIED_HEADER, -1), headers.getInt(CallResults.ATTEMPTS_HEADER, -1),
          result);
    } catch (IllegalArgumentException e) {
      throw ClientErrors.protocol("the agent sent an invalid call result: " + e.getMessage());
    }
  }

  /** Calls {@code task} on every ALIVE peer; one outcome per peer, in node ID order. */
  public List<CallOutcome> broadcast(String task, byte[] payload, Duration timeout)
      throws IOException {
    String uri = "/v1/broadcast/" + encode(task) + "?timeoutMillis=" + millis(timeout);
    JsonNode results = okJson(exchange(HttpMethod.POST, uri, payload, timeout));
    return decode(
        node -> {
          List<CallOutcome> outcomes = new ArrayList<>();
          for (JsonNode result : ApiJson.required(node, "results")) {
            outcomes.add(ApiJson.outcomeFrom(result));
          }
          return outcomes;
        },
        results);
  }

  /**
   * Pings {@code peer} once through the agent (one UDP ping outside the periodic rounds).
   *
   * @param peer node ID, unique node ID prefix, or name
   * @return the outcome; no pong in time is an outcome, not an exception
   * @throws ControlException PEER_NOT_FOUND or PEER_AMBIGUOUS when {@code peer} names no single
   *     peer
   */
  public PingOutcome ping(String peer, Duration timeout) throws IOException {
    String uri = "/v1/ping/" + encode(peer) + "?timeoutMillis=" + millis(timeout);
    return decode(
        ApiJson::pingFrom, okJson(exchange(HttpMethod.POST, uri, new byte[0], timeout)));
  }

  /**
   * Removes {@code peer} from the agent's peer table now.
   *
   * @param peer node ID, unique node ID prefix, or name
   * @return the peer as it was
   * @throws ControlException PEER_NOT_FOUND or PEER_AMBIGUOUS when {@code peer} names no single
   *     peer
   */
  public Peer forget(String peer) throws IOException {
    return decode(
        ApiJson::peerFrom, okJson(HttpMethod.DELETE, "/v1/peers/" + encode(peer), Duration.ZERO));
  }

  /** The nodes the agent denies now (config file and live), in node ID order. */
  public List<NodeId> deniedNodes() throws IOException {
    return decode(DenyChange::nodes, okJson(HttpMethod.GET, "/v1/deny", Duration.ZERO));
  }

  /**
   * Denies a node: its links close and it is refused until allowed again.
   *
   * @param node a full node ID, or a known peer's unique ID prefix or name
   * @throws ControlException PEER_NOT_FOUND or PEER_AMBIGUOUS when {@code node} names no single
   *     node, MALFORMED_REQUEST when it is the agent's own node
   */
  public DenyChange deny(String node) throws IOException {
    return decode(
        DenyChange::from,
        okJson(exchange(HttpMethod.POST, "/v1/deny/" + encode(node), new byte[0], Duration.ZERO)));
  }

  /**
   * Lifts a denial made with {@link #deny}.
   *
   * @param node a full node ID, or a unique prefix of a denied one
   * @throws ControlException DENIED_BY_CONFIG when the config file denies the node
   */
  public DenyChange allow(String node) throws IOException {
    return decode(
        DenyChange::from, okJson(HttpMethod.DELETE, "/v1/deny/" + encode(node), Duration.ZERO));
  }

  /**
   * Makes the agent read its settings again (as SIGHUP does).
   *
   * @throws ControlException INVALID_CONFIG, with the one-line reason, when the config file is bad
   */
  public void reload() throws IOException {
    okJson(exchange(HttpMethod.POST, "/v1/reload", new byte[0], Duration.ZERO));
  }

  /**
   * Streams the peer table ({@code GET /v1/events}). The connection then serves only this stream:
   * closing the watch closes the client.
   */
  public PeerWatch watchPeers() throws IOException {
    connection.send(request(HttpMethod.GET, "/v1/events", new byte[0]), responseTimeout);
    HttpResponse head = connection.head(responseTimeout);
    if (head.status().code() != 200) {
      HttpConnection.Response refused = connection.rest(head, responseTimeout);
      connection.close();
      throw ClientErrors.fromResponse(refused);
    }
    return new EventStreamPeerWatch(connection);
  }

  @Override
  public void close() {
    connection.close();
  }

  private JsonNode okJson(HttpMethod method, String uri, Duration extra) throws IOException {
    return okJson(exchange(method, uri, new byte[0], extra));
  }

  private static JsonNode okJson(HttpConnection.Response response) throws IOException {
    if (response.status() != 200) {
      throw ClientErrors.fromResponse(response);
    }
    try {
      return ApiJson.read(response.body());
    } catch (IOException e) {
      throw ClientErrors.protocol("the agent's answer is not JSON: " + e.getMessage());
    }
  }

  /** Sends one request and reads its answer within the response timeout plus {@code extra}. */
  private HttpConnection.Response exchange(
      HttpMethod method, String uri, byte[] body, Duration extra) throws IOException {
    return exchange(request(method, uri, body), extra);
  }

  private HttpConnection.Response exchange(FullHttpRequest request, Duration extra) throws IOException {
    Duration timeout = responseTimeout.plus(extra);
    try {
      connection.send(request, timeout);
      return connection.receive(timeout, MAX_RESPONSE_BYTES);
    } catch (ControlException e) {
      throw e;
    } catch (IOException e) {
      throw new ControlException(
          ControlError.PROTOCOL, "the connection to the agent failed: " + e.getMessage(), e);
    }
  }

  private static FullHttpRequest request(HttpMethod method, String uri, byte[] body) {
    FullHttpRequest request =
        new DefaultFullHttpRequest(
            HttpVersion.HTTP_1_1, method, uri, Unpooled.wrappedBuffer(body));
    request
        .headers()
        .set(HttpHeaderNames.HOST, "localhost")
        .setInt(HttpHeaderNames.CONTENT_LENGTH, body.length);
    if (body.length > 0) {
      request.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
    }
    return request;
  }

  private interface Decoder<T> {
    T decode(JsonNode node);
  }

  private static <T> T decode(Decoder<T> decoder, JsonNode node) throws ControlException {
    try {
      return decoder.decode(node);
    } catch (IllegalArgumentException | NullPointerException e) {
      throw ClientErrors.protocol("the agent sent an invalid answer: " + e.getMessage());
    }
  }

  private static String encode(String text) {
    return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
  }

  private static long millis(Duration timeout) {
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative: " + timeout);
    }
    return timeout.toMillis();
  }

  @Override
  public String toString() {
    return "ControlClient[" + dataDir + "]";
  }
}
