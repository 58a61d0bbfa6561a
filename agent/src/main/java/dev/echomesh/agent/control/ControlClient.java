package dev.echomesh.agent.control;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.task.TaskInfo;
import dev.echomesh.proto.control.BroadcastRequest;
import dev.echomesh.proto.control.CallRequest;
import dev.echomesh.proto.control.CallResponse;
import dev.echomesh.proto.control.PeersRequest;
import dev.echomesh.proto.control.Request;
import dev.echomesh.proto.control.Response;
import dev.echomesh.proto.control.StatusRequest;
import dev.echomesh.proto.control.StatusResponse;
import dev.echomesh.proto.control.TasksRequest;
import dev.echomesh.proto.control.TasksResponse;
import dev.echomesh.proto.control.WatchPeersRequest;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

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
 */
public final class ControlClient implements AutoCloseable {

  /** Default time the agent has to answer a request, on top of any call timeout. */
  public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(15);

  /**
   * Largest response accepted, in bytes: a broadcast answer holds one payload per peer, so this is
   * well above the request limit.
   */
  static final int MAX_RESPONSE_BYTES = 1 << 30;

  /** How long to look for a refusal after a failed send. */
  private static final Duration REFUSAL_READ_TIMEOUT = Duration.ofSeconds(1);

  /** How long a watch may stay silent: several of the agent's keepalive intervals. */
  static final Duration WATCH_SILENCE_TIMEOUT = Duration.ofSeconds(60);

  private final Path dataDir;
  private final MessageChannel channel;
  private final Duration responseTimeout;
  private final Watchdog watchdog = new Watchdog("echomesh-control-client-watchdog");

  private ControlClient(Path dataDir, MessageChannel channel, Duration responseTimeout) {
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
    return new ControlClient(
        absolute, new MessageChannel(ControlSocket.connect(absolute)), responseTimeout);
  }

  /** What the agent says about itself. */
  public AgentStatus status() throws IOException {
    Response response =
        exchange(request(r -> r.setStatus(StatusRequest.getDefaultInstance())), responseTimeout);
    StatusResponse status = expect(response, Response.KindCase.STATUS).getStatus();
    return decode(
        () ->
            new AgentStatus(
                ControlCodec.nodeIdFromWire(status.getNodeId()),
                status.getName(),
                status.getLinkAddress(),
                status.getVersion(),
                Duration.ofMillis(status.getUptimeMillis()),
                status.getPid(),
                status.getPeerCount()));
  }

  /** The peers the agent knows, in node ID order. */
  public List<Peer> peers() throws IOException {
    Response response =
        exchange(request(r -> r.setPeers(PeersRequest.getDefaultInstance())), responseTimeout);
    return decodePeers(expect(response, Response.KindCase.PEERS).getPeers().getPeersList());
  }

  /** The agent's own tasks. */
  public TaskListing localTasks() throws IOException {
    return tasks(TasksRequest.getDefaultInstance(), Duration.ZERO);
  }

  /**
   * A peer's tasks, asked from the peer itself.
   *
   * @param peer node ID, unique node ID prefix, or name
   * @throws ControlException PEER_NOT_FOUND or PEER_AMBIGUOUS when {@code peer} names no single
   *     peer, BAD_PEER_RESPONSE when the peer's list is unreadable
   */
  public TaskListing peerTasks(String peer, Duration timeout) throws IOException {
    return tasks(
        TasksRequest.newBuilder().setPeer(peer).setTimeoutMillis(wireMillis(timeout)).build(),
        timeout);
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
    Response response = exchange(request(r -> r.setCall(call)), timeout.plus(responseTimeout));
    return decodeOutcome(expect(response, Response.KindCase.CALL).getCall());
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
    Response response =
        exchange(request(r -> r.setBroadcast(broadcast)), timeout.plus(responseTimeout));
    List<CallOutcome> outcomes = new ArrayList<>();
    for (CallResponse result :
        expect(response, Response.KindCase.BROADCAST).getBroadcast().getResultsList()) {
      outcomes.add(decodeOutcome(result));
    }
    return outcomes;
  }

  /**
   * Streams the peer table. The connection then serves only this stream: closing the watch closes
   * the client.
   */
  public PeerWatch watchPeers() throws IOException {
    Request request = request(r -> r.setWatchPeers(WatchPeersRequest.getDefaultInstance()));
    send(request);
    return new Watch();
  }

  @Override
  public void close() {
    try {
      channel.close();
    } catch (IOException e) {
      // Closing a Unix socket we own cannot lose data; nothing to tell the user.
    } finally {
      watchdog.close();
    }
  }

  private TaskListing tasks(TasksRequest tasks, Duration timeout) throws IOException {
    Response response = exchange(request(r -> r.setTasks(tasks)), timeout.plus(responseTimeout));
    TasksResponse listing = expect(response, Response.KindCase.TASKS).getTasks();
    return decode(
        () -> {
          List<TaskInfo> infos =
              listing.getTasksList().stream().map(ControlCodec::fromWire).toList();
          return new TaskListing(
              ControlCodec.nodeIdFromWire(listing.getNodeId()),
              listing.getName(),
              ControlCodec.fromWire(listing.getStatus()),
              listing.getMessage(),
              infos);
        });
  }

  private final class Watch implements PeerWatch {
    private boolean first = true;

    @Override
    public Update next() throws IOException {
      while (true) {
        Response response = receive(WATCH_SILENCE_TIMEOUT);
        if (response == null) {
          return null;
        }
        switch (response.getKindCase()) {
          case KEEPALIVE:
            continue;
          case PEERS:
          case PEERS_CHANGED:
            boolean snapshot = first;
            first = false;
            List<dev.echomesh.proto.control.Peer> wire =
                response.hasPeers()
                    ? response.getPeers().getPeersList()
                    : response.getPeersChanged().getPeersList();
            return new Update(snapshot, decodePeers(wire));
          case ERROR:
            throw error(response);
          default:
            throw protocol("unexpected " + response.getKindCase() + " on a watch stream");
        }
      }
    }

    @Override
    public void close() {
      ControlClient.this.close();
    }
  }

  private static Request request(java.util.function.Consumer<Request.Builder> kind) {
    Request.Builder builder = Request.newBuilder();
    kind.accept(builder);
    return builder.build();
  }

  private Response exchange(Request request, Duration timeout) throws IOException {
    try {
      send(request);
    } catch (ControlException sendFailed) {
      // An agent that refuses the connection (BUSY) answers before reading and hangs up;
      // its answer says more than the broken pipe does.
      Response refusal = receiveQuietly();
      if (refusal != null && refusal.hasError()) {
        throw error(refusal);
      }
      throw sendFailed;
    }
    Response response = receive(timeout);
    if (response == null) {
      throw protocol("the agent closed the connection without answering");
    }
    return response;
  }

  private void send(Request request) throws IOException {
    try (Watchdog.Timer timer = watchdog.arm(channel, responseTimeout)) {
      try {
        channel.write(request);
      } catch (IOException e) {
        throw timer.fired()
            ? protocol(
                "the agent did not take the request within " + responseTimeout.toSeconds() + " s")
            : new ControlException(ControlError.PROTOCOL, "sending to the agent failed: " + e, e);
      }
    }
  }

  /** A response already sent, if the connection still holds one; null otherwise. */
  private Response receiveQuietly() {
    try {
      return receive(REFUSAL_READ_TIMEOUT);
    } catch (IOException e) {
      return null;
    }
  }

  /** The next response, or null when the agent closed the connection between responses. */
  private Response receive(Duration timeout) throws IOException {
    byte[] bytes;
    try (Watchdog.Timer timer = watchdog.arm(channel, timeout)) {
      try {
        bytes = channel.read(MAX_RESPONSE_BYTES);
      } catch (IOException e) {
        if (timer.fired()) {
          throw protocol("the agent did not answer within " + timeout.toSeconds() + " s");
        }
        throw new ControlException(ControlError.PROTOCOL, "reading from the agent failed: " + e, e);
      }
    }
    if (bytes == null) {
      return null;
    }
    try {
      return Response.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      throw protocol("the agent's answer does not parse: " + e.getMessage());
    }
  }

  private Response expect(Response response, Response.KindCase kind) throws ControlException {
    if (response.getKindCase() == kind) {
      return response;
    }
    if (response.hasError()) {
      throw error(response);
    }
    throw protocol("expected " + kind + " from the agent, got " + response.getKindCase());
  }

  private static ControlException error(Response response) {
    return new ControlException(
        ControlCodec.fromWire(response.getError().getCode()), response.getError().getMessage());
  }

  private static CallOutcome decodeOutcome(CallResponse call) throws ControlException {
    return decode(
        () ->
            new CallOutcome(
                ControlCodec.nodeIdFromWire(call.getNodeId()),
                call.getName(),
                ControlCodec.resultFromWire(
                    call.getStatus(), call.getMessage(), call.getPayload())));
  }

  private static List<Peer> decodePeers(List<dev.echomesh.proto.control.Peer> wire)
      throws ControlException {
    return decode(() -> wire.stream().map(ControlCodec::fromWire).toList());
  }

  private interface Decoding<T> {
    T get();
  }

  /** Runs a conversion; a value the protocol does not allow becomes a PROTOCOL error. */
  private static <T> T decode(Decoding<T> decoding) throws ControlException {
    try {
      return decoding.get();
    } catch (IllegalArgumentException | NullPointerException e) {
      throw protocol("the agent sent an invalid answer: " + e.getMessage());
    }
  }

  private static ControlException protocol(String message) {
    return new ControlException(ControlError.PROTOCOL, message);
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
