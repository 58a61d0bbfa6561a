package dev.echomesh.agent.control;

import dev.echomesh.agent.Agent;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.task.TaskInfo;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.proto.control.BroadcastRequest;
import dev.echomesh.proto.control.BroadcastResponse;
import dev.echomesh.proto.control.CallRequest;
import dev.echomesh.proto.control.CallResponse;
import dev.echomesh.proto.control.Error;
import dev.echomesh.proto.control.PeersResponse;
import dev.echomesh.proto.control.PingRequest;
import dev.echomesh.proto.control.PingResponse;
import dev.echomesh.proto.control.Request;
import dev.echomesh.proto.control.Response;
import dev.echomesh.proto.control.StatusResponse;
import dev.echomesh.proto.control.TasksRequest;
import dev.echomesh.proto.control.TasksResponse;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers one control request (all but the watch stream) by asking the {@link Agent}. Never throws:
 * every failure becomes an {@code Error} response. Blocks the calling thread while a call is in
 * flight, at most for the call's timeout plus {@link ControlConfig#callGrace()}.
 */
final class RequestHandler {

  /** The built-in task every agent offers that lists its tasks as JSON. */
  static final String TASKS_TASK = "tasks";

  private static final Logger log = LoggerFactory.getLogger(RequestHandler.class);

  private final Agent agent;
  private final ControlConfig config;
  private final long startedNanos;
  private final PeerResolver resolver;

  RequestHandler(Agent agent, ControlConfig config, long startedNanos) {
    this.agent = agent;
    this.config = config;
    this.startedNanos = startedNanos;
    this.resolver = new PeerResolver(agent);
  }

  Response handle(Request request) {
    try {
      return switch (request.getKindCase()) {
        case STATUS -> status();
        case PEERS -> peers();
        case TASKS -> tasks(request.getTasks());
        case CALL -> call(request.getCall());
        case BROADCAST -> broadcast(request.getBroadcast());
        case PING -> ping(request.getPing());
        case WATCH_PEERS ->
            throw new IllegalStateException("watch requests are streamed elsewhere");
        case KIND_NOT_SET ->
            throw new ControlException(
                ControlError.MALFORMED_REQUEST, "the request has no kind (a newer client?)");
      };
    } catch (ControlException e) {
      return error(e.error(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return error(ControlError.SHUTTING_DOWN, "the agent is shutting down");
    } catch (RuntimeException e) {
      log.error("control request {} failed", request.getKindCase(), e);
      return error(ControlError.INTERNAL, "the agent failed: " + e);
    }
  }

  static Response error(ControlError error, String message) {
    return Response.newBuilder()
        .setError(Error.newBuilder().setCode(ControlCodec.toWire(error)).setMessage(message))
        .build();
  }

  static Response peersResponse(List<Peer> peers) {
    PeersResponse.Builder wire = PeersResponse.newBuilder();
    peers.forEach(peer -> wire.addPeers(ControlCodec.toWire(peer)));
    return Response.newBuilder().setPeers(wire).build();
  }

  private Response status() {
    Duration uptime = Duration.ofNanos(config.ticker().read() - startedNanos);
    StatusResponse status =
        StatusResponse.newBuilder()
            .setNodeId(ControlCodec.toWire(agent.nodeId()))
            .setName(agent.name())
            .setLinkAddress(HostPorts.format(agent.linkAddress()))
            .setVersion(config.version())
            .setUptimeMillis(Math.max(0, uptime.toMillis()))
            .setPid(ProcessHandle.current().pid())
            .setPeerCount(agent.peers().size())
            .setUdpPort(agent.livenessAddress().getPort())
            .setLiveness(ControlCodec.toWire(agent.livenessCounters()))
            .build();
    return Response.newBuilder().setStatus(status).build();
  }

  private Response peers() {
    return peersResponse(agent.peers());
  }

  private Response tasks(TasksRequest request) throws ControlException, InterruptedException {
    TasksResponse.Builder wire = TasksResponse.newBuilder();
    if (request.getPeer().isEmpty()) {
      wire.setNodeId(ControlCodec.toWire(agent.nodeId()))
          .setName(agent.name())
          .setStatus(ControlCodec.toWire(TaskStatus.OK));
      agent.tasks().forEach(task -> wire.addTasks(ControlCodec.toWire(task)));
      return Response.newBuilder().setTasks(wire).build();
    }
    Peer peer = resolver.resolve(request.getPeer());
    Duration timeout = timeout(request.getTimeoutMillis());
    TaskResult result = await(agent.call(peer.id(), TASKS_TASK, new byte[0], timeout), timeout);
    wire.setNodeId(ControlCodec.toWire(peer.id()))
        .setName(peer.name())
        .setStatus(ControlCodec.toWire(result.status()))
        .setMessage(result.message());
    if (result.isOk()) {
      for (TaskInfo task : TaskListJson.parse(result.payload())) {
        wire.addTasks(ControlCodec.toWire(task));
      }
    }
    return Response.newBuilder().setTasks(wire).build();
  }

  private Response call(CallRequest request) throws ControlException, InterruptedException {
    if (request.getTask().isEmpty()) {
      throw new ControlException(ControlError.MALFORMED_REQUEST, "a task name is required");
    }
    Peer peer = resolver.resolve(request.getPeer());
    Duration timeout = timeout(request.getTimeoutMillis());
    CompletableFuture<TaskResult> future;
    try {
      future =
          agent.call(peer.id(), request.getTask(), request.getPayload().toByteArray(), timeout);
    } catch (IllegalArgumentException e) {
      throw new ControlException(ControlError.MALFORMED_REQUEST, e.getMessage());
    }
    TaskResult result = await(future, timeout);
    return Response.newBuilder().setCall(callResponse(peer.id(), peer.name(), result)).build();
  }

  private Response broadcast(BroadcastRequest request)
      throws ControlException, InterruptedException {
    if (request.getTask().isEmpty()) {
      throw new ControlException(ControlError.MALFORMED_REQUEST, "a task name is required");
    }
    Duration timeout = timeout(request.getTimeoutMillis());
    CompletableFuture<Map<NodeId, TaskResult>> future;
    try {
      future = agent.broadcast(request.getTask(), request.getPayload().toByteArray(), timeout);
    } catch (IllegalArgumentException e) {
      throw new ControlException(ControlError.MALFORMED_REQUEST, e.getMessage());
    }
    Map<NodeId, TaskResult> results;
    try {
      results = future.get(timeout.plus(config.callGrace()).toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      log.warn(
          "a broadcast of '{}' got no results within {} (agent bug?)", request.getTask(), timeout);
      throw new ControlException(
          ControlError.INTERNAL, "the agent returned no broadcast results within " + timeout);
    } catch (ExecutionException e) {
      log.error("a broadcast of '{}' failed", request.getTask(), e.getCause());
      throw new ControlException(ControlError.INTERNAL, "the broadcast failed: " + e.getCause());
    }
    Map<NodeId, String> names = new HashMap<>();
    agent.peers().forEach(peer -> names.put(peer.id(), peer.name()));
    BroadcastResponse.Builder wire = BroadcastResponse.newBuilder();
    new TreeMap<>(results)
        .forEach(
            (id, result) -> wire.addResults(callResponse(id, names.getOrDefault(id, ""), result)));
    return Response.newBuilder().setBroadcast(wire).build();
  }

  private Response ping(PingRequest request) throws ControlException, InterruptedException {
    Peer peer = resolver.resolve(request.getPeer());
    Duration timeout = timeout(request.getTimeoutMillis());
    PingResponse.Builder wire =
        PingResponse.newBuilder().setNodeId(ControlCodec.toWire(peer.id())).setName(peer.name());
    if (peer.udpPort() != 0 && !peer.addresses().isEmpty()) {
      wire.setAddress(
          HostPorts.format(new InetSocketAddress(peer.addresses().get(0), peer.udpPort())));
    }
    try {
      Duration roundTrip =
          agent
              .ping(peer.id(), timeout)
              .get(timeout.plus(config.callGrace()).toNanos(), TimeUnit.NANOSECONDS);
      wire.setAnswered(true).setRttNanos(roundTrip.toNanos());
    } catch (TimeoutException e) {
      wire.setMessage("no pong within " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      wire.setMessage(
          cause instanceof TimeoutException
              ? "no pong within " + timeout.toMillis() + " ms"
              : String.valueOf(cause.getMessage()));
    }
    return Response.newBuilder().setPing(wire).build();
  }

  private static CallResponse callResponse(NodeId id, String name, TaskResult result) {
    return CallResponse.newBuilder()
        .setNodeId(ControlCodec.toWire(id))
        .setName(name)
        .setStatus(ControlCodec.toWire(result.status()))
        .setMessage(result.message())
        .setPayload(com.google.protobuf.ByteString.copyFrom(result.payload()))
        .build();
  }

  /** Waits for a call's result; the agent promises one by the timeout, the grace covers bugs. */
  private TaskResult await(CompletableFuture<TaskResult> future, Duration timeout)
      throws InterruptedException {
    try {
      return future.get(timeout.plus(config.callGrace()).toNanos(), TimeUnit.NANOSECONDS);
    } catch (TimeoutException e) {
      log.warn(
          "a call got no result within {} plus {} grace (agent bug?)", timeout, config.callGrace());
      return TaskResult.error(TaskStatus.TIMEOUT, "no result within " + timeout.toMillis() + " ms");
    } catch (ExecutionException e) {
      log.error("a call failed inside the agent", e.getCause());
      return TaskResult.error(TaskStatus.FAILED, "the agent failed the call: " + e.getCause());
    }
  }

  private Duration timeout(int wireMillis) throws ControlException {
    long millis = Integer.toUnsignedLong(wireMillis);
    if (millis == 0) {
      return config.defaultCallTimeout();
    }
    Duration timeout = Duration.ofMillis(millis);
    if (timeout.compareTo(config.maxCallTimeout()) > 0) {
      throw new ControlException(
          ControlError.MALFORMED_REQUEST,
          "a timeout of "
              + timeout.toMillis()
              + " ms is over the agent's maximum of "
              + config.maxCallTimeout().toMillis()
              + " ms");
    }
    return timeout;
  }
}
