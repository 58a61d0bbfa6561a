package dev.echomesh.agent.control;

import com.google.protobuf.ByteString;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.proto.control.BroadcastRequest;
import dev.echomesh.proto.control.CallRequest;
import dev.echomesh.proto.control.CallResponse;
import dev.echomesh.proto.control.PeersRequest;
import dev.echomesh.proto.control.PingRequest;
import dev.echomesh.proto.control.Request;
import dev.echomesh.proto.control.Response;
import dev.echomesh.proto.control.StatusRequest;
import dev.echomesh.proto.control.TasksRequest;
import dev.echomesh.proto.control.WatchPeersRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Talks to the agent running on a data directory, over its control socket. One request at a time;
 * not thread-safe. Every wait is bounded: a short request waits up to the response timeout, a call
 * up to its own timeout plus the response timeout.
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
  public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(15);

  private final Path dataDir;
  private final ClientChannel channel;
  private final Duration responseTimeout;

  private ControlClient(Path dataDir, ClientChannel channel, Duration responseTimeout) {
    this.dataDir = dataDir;
    this.channel = channel;
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
    MessageChannel socket = new MessageChannel(ControlSocket.connect(absolute));
    return new ControlClient(absolute, new ClientChannel(socket, responseTimeout), responseTimeout);
  }

  /** What the agent says about itself. */
  public AgentStatus status() throws IOException {
    Response response =
        exchange(r -> r.setStatus(StatusRequest.getDefaultInstance()), Duration.ZERO);
    return ResponseDecoding.status(expect(response, Response.KindCase.STATUS).getStatus());
  }

  /** The peers the agent knows, in node ID order. */
  public List<Peer> peers() throws IOException {
    Response response = exchange(r -> r.setPeers(PeersRequest.getDefaultInstance()), Duration.ZERO);
    return ResponseDecoding.peers(
        expect(response, Response.KindCase.PEERS).getPeers().getPeersList());
  }

  /** The agent's own tasks. */
  public TaskListing localTasks() throws IOException {
    Response response = exchange(r -> r.setTasks(TasksRequest.getDefaultInstance()), Duration.ZERO);
    return ResponseDecoding.taskListing(expect(response, Response.KindCase.TASKS).getTasks());
  }

  /**
   * A peer's tasks, asked from the peer itself.
   *
   * @param peer node ID, unique node ID prefix, or name
   * @throws ControlException PEER_NOT_FOUND or PEER_AMBIGUOUS when {@code peer} names no single
   *     peer, BAD_PEER_RESPONSE when the peer's list is unreadable
   */
  public TaskListing peerTasks(String peer, Duration timeout) throws IOException {
    TasksRequest tasks =
        TasksRequest.newBuilder().setPeer(peer).setTimeoutMillis(wireMillis(timeout)).build();
    Response response = exchange(r -> r.setTasks(tasks), timeout);
    return ResponseDecoding.taskListing(expect(response, Response.KindCase.TASKS).getTasks());
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
    CallRequest call =
        CallRequest.newBuilder()
            .setPeer(peer)
            .setTask(task)
            .setPayload(ByteString.copyFrom(payload))
            .setTimeoutMillis(wireMillis(timeout))
            .build();
    Response response = exchange(r -> r.setCall(call), timeout);
    return ResponseDecoding.outcome(expect(response, Response.KindCase.CALL).getCall());
  }

  /** Calls {@code task} on every ALIVE peer; one outcome per peer, in node ID order. */
  public List<CallOutcome> broadcast(String task, byte[] payload, Duration timeout)
      throws IOException {
    BroadcastRequest broadcast =
        BroadcastRequest.newBuilder()
            .setTask(task)
            .setPayload(ByteString.copyFrom(payload))
            .setTimeoutMillis(wireMillis(timeout))
            .build();
    Response response = exchange(r -> r.setBroadcast(broadcast), timeout);
    List<CallOutcome> outcomes = new ArrayList<>();
    for (CallResponse result :
        expect(response, Response.KindCase.BROADCAST).getBroadcast().getResultsList()) {
      outcomes.add(ResponseDecoding.outcome(result));
    }
    return outcomes;
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
    PingRequest ping =
        PingRequest.newBuilder().setPeer(peer).setTimeoutMillis(wireMillis(timeout)).build();
    Response response = exchange(r -> r.setPing(ping), timeout);
    return ResponseDecoding.ping(expect(response, Response.KindCase.PING).getPing());
  }

  /**
   * Streams the peer table. The connection then serves only this stream: closing the watch closes
   * the client.
   */
  public PeerWatch watchPeers() throws IOException {
    channel.send(
        Request.newBuilder().setWatchPeers(WatchPeersRequest.getDefaultInstance()).build());
    return new StreamedPeerWatch(channel);
  }

  @Override
  public void close() {
    channel.close();
  }

  /** Sends one request and reads its answer within the response timeout plus {@code extra}. */
  private Response exchange(Consumer<Request.Builder> kind, Duration extra)
      throws ControlException {
    Request.Builder request = Request.newBuilder();
    kind.accept(request);
    return channel.exchange(request.build(), responseTimeout.plus(extra));
  }

  private static Response expect(Response response, Response.KindCase kind)
      throws ControlException {
    return ClientChannel.expect(response, kind);
  }

  private static int wireMillis(Duration timeout) {
    if (timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must not be negative: " + timeout);
    }
    long millis = timeout.toMillis();
    if (millis > 0xFFFF_FFFFL) {
      throw new IllegalArgumentException("timeout too long: " + timeout);
    }
    return (int) millis;
  }

  @Override
  public String toString() {
    return "ControlClient[" + dataDir + "]";
  }
}
