package dev.echomesh.agent.testing;

import dev.echomesh.agent.ActivityListener;
import dev.echomesh.agent.Agent;
import dev.echomesh.agent.AnyCallResult;
import dev.echomesh.agent.PeerSelector;
import dev.echomesh.agent.discovery.DiscoveryReport;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.link.LinkStats;
import dev.echomesh.agent.liveness.LivenessCounters;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerListener;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.task.StreamedResult;
import dev.echomesh.agent.task.TaskHandler;
import dev.echomesh.agent.task.TaskInfo;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * An in-memory {@link Agent} for tests of what sits on top of the agent (control socket, CLI): a
 * peer table the test fills, local tasks, and "remote" tasks that every known peer offers, run on a
 * small executor. It keeps the {@link Agent} contract: calls to unknown peers come back
 * UNAVAILABLE, unknown tasks NOT_FOUND, a throwing handler FAILED, and every future completes by
 * its timeout (TIMEOUT).
 */
public final class FakeAgent implements Agent {

  private final NodeId nodeId;
  private final String name;
  private final InetSocketAddress linkAddress;
  private final Map<NodeId, Peer> peers = new ConcurrentHashMap<>();
  private final List<PeerListener> listeners = new CopyOnWriteArrayList<>();
  private final List<ActivityListener> activityListeners = new CopyOnWriteArrayList<>();
  private final Map<String, TaskHandler> localTasks = new ConcurrentHashMap<>();
  private final Map<String, TaskHandler> remoteTasks = new ConcurrentHashMap<>();
  private final List<String> calls = new CopyOnWriteArrayList<>();
  private final ExecutorService executor =
      Executors.newCachedThreadPool(
          runnable -> {
            Thread thread = new Thread(runnable, "fake-agent-task");
            thread.setDaemon(true);
            return thread;
          });
  private final Map<NodeId, Duration> roundTrips = new ConcurrentHashMap<>();
  private volatile LivenessCounters livenessCounters = new LivenessCounters(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  private volatile boolean closed;
  private volatile DiscoveryReport discoveryReport = DiscoveryReport.OFF;
  private final LinkStats linkStats = new LinkStats();
  private final java.util.Set<NodeId> denied = ConcurrentHashMap.newKeySet();
  private final java.util.Set<NodeId> deniedByConfig = ConcurrentHashMap.newKeySet();
  private volatile dev.echomesh.agent.ConfigException reloadFailure;
  private final java.util.concurrent.atomic.AtomicInteger reloads =
      new java.util.concurrent.atomic.AtomicInteger();

  public FakeAgent(String name) {
    this(TestPeers.nodeId(name), name, new InetSocketAddress("127.0.0.1", 7946));
  }

  public FakeAgent(NodeId nodeId, String name, InetSocketAddress linkAddress) {
    this.nodeId = nodeId;
    this.name = name;
    this.linkAddress = linkAddress;
  }

  /** Adds or replaces a peer and tells the listeners, as the real peer table does. */
  public void putPeer(Peer peer) {
    Peer before = peers.put(peer.id(), peer);
    listeners.forEach(listener -> listener.peerChanged(before, peer));
  }

  /** A task this agent offers (listed by {@link #tasks()}). */
  public void offerLocalTask(TaskHandler handler) {
    localTasks.put(handler.name(), handler);
  }

  /**
   * A task every known peer offers. Unless one named {@code tasks} is given, peers answer the
   * built-in {@code tasks} with the JSON list of these.
   */
  public void offerRemoteTask(TaskHandler handler) {
    remoteTasks.put(handler.name(), handler);
  }

  /**
   * Makes {@link #ping} of {@code peer} answer with {@code roundTrip}; peers without one never
   * answer (the ping times out).
   */
  public void answerPings(NodeId peer, Duration roundTrip) {
    roundTrips.put(peer, roundTrip);
  }

  /** What {@link #livenessCounters()} returns. */
  public void livenessCounters(LivenessCounters counters) {
    this.livenessCounters = counters;
  }

  /** Every call made, as "peerName:task", in order. */
  public List<String> calls() {
    return List.copyOf(calls);
  }

  /** How many listeners were registered. */
  public int listenerCount() {
    return listeners.size();
  }

  public boolean isClosed() {
    return closed;
  }

  @Override
  public NodeId nodeId() {
    return nodeId;
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public InetSocketAddress linkAddress() {
    return linkAddress;
  }

  /** Removes a peer as the real agent's {@code forget} does, and tells the listeners. */
  @Override
  public Optional<Peer> forget(NodeId peer) {
    Peer removed = peers.remove(peer);
    if (removed != null) {
      listeners.forEach(listener -> listener.peerRemoved(removed));
    }
    return Optional.ofNullable(removed);
  }

  @Override
  public List<Peer> peers() {
    return new ArrayList<>(new TreeMap<>(peers).values());
  }

  @Override
  public Optional<Peer> findPeer(String query) {
    for (Peer peer : peers.values()) {
      if (peer.id().toString().equalsIgnoreCase(query)) {
        return Optional.of(peer);
      }
    }
    List<Peer> matches =
        peers().stream()
            .filter(peer -> peer.id().matchesPrefix(query) || peer.name().equals(query))
            .toList();
    if (matches.size() > 1) {
      throw new IllegalArgumentException(
          "'"
              + query
              + "' matches "
              + matches.size()
              + " peers: "
              + matches.stream()
                  .map(peer -> peer.name() + " (" + peer.id().shortForm() + ")")
                  .collect(Collectors.joining(", ")));
    }
    return matches.stream().findFirst();
  }

  @Override
  public void addPeerListener(PeerListener listener) {
    listeners.add(listener);
  }

  @Override
  public DiscoveryReport discoveryReport() {
    return discoveryReport;
  }

  /** Sets what {@link #discoveryReport()} answers ({@link DiscoveryReport#OFF} at first). */
  public void discoveryReport(DiscoveryReport report) {
    this.discoveryReport = report;
  }

  @Override
  public void addActivityListener(ActivityListener listener) {
    activityListeners.add(listener);
  }

  /** Tells every registered activity listener of {@code event}, as the real agent would. */
  public void reportActivity(java.util.function.Consumer<ActivityListener> event) {
    activityListeners.forEach(event);
  }

  @Override
  public List<TaskInfo> tasks() {
    return new TreeMap<>(localTasks)
        .values().stream().map(task -> new TaskInfo(task.name(), task.description())).toList();
  }

  @Override
  public CompletableFuture<TaskResult> call(
      NodeId peer, String task, byte[] payload, Duration timeout) {
    Peer target = peers.get(peer);
    calls.add((target == null ? peer.shortForm() : target.name()) + ":" + task);
    if (closed) {
      return CompletableFuture.completedFuture(
          TaskResult.error(TaskStatus.CANCELLED, "the agent is shutting down"));
    }
    if (target == null || target.state() == PeerState.DEAD || target.state() == PeerState.LEFT) {
      return CompletableFuture.completedFuture(
          TaskResult.error(
              TaskStatus.UNAVAILABLE, "peer " + peer.shortForm() + " is not reachable"));
    }
    TaskHandler handler = remoteTasks.get(task);
    if (handler == null && task.equals("tasks")) {
      handler = taskListHandler();
    }
    if (handler == null) {
      return CompletableFuture.completedFuture(
          TaskResult.error(TaskStatus.NOT_FOUND, "no task '" + task + "' on " + target.name()));
    }
    TaskHandler chosen = handler;
    TaskRequest request = new TaskRequest(nodeId, task, payload, Instant.now().plus(timeout));
    return CompletableFuture.supplyAsync(() -> run(chosen, request), executor)
        .completeOnTimeout(
            TaskResult.error(TaskStatus.TIMEOUT, "no result within " + timeout.toMillis() + " ms"),
            timeout.toNanos(),
            TimeUnit.NANOSECONDS);
  }

  /**
   * Reads the payload whole (a fake's payloads are small) on another thread, as the real agent
   * does (the local API hands it a stream its event loop fills), and answers as {@link #call} does.
   */
  @Override
  public CompletableFuture<StreamedResult> callStreaming(
      NodeId peer, String task, InputStream payload, Duration timeout) {
    return CompletableFuture.supplyAsync(() -> {
      try (InputStream in = payload) {
        return call(peer, task, in.readAllBytes(), timeout)
            .thenApply(r -> new StreamedResult(r.status(), r.message(), new ByteArrayInputStream(r.payload())));
      } catch (IOException e) {
        return CompletableFuture.completedFuture(new StreamedResult(TaskStatus.FAILED,
            "reading the payload to send failed: " + e.getMessage(), InputStream.nullInputStream()));
      }
    }).thenCompose(result -> result);
  }

  /**
   * {@inheritDoc}
   *
   * <p>The fake calls the first ALIVE peer in node ID order, once, whatever the selector says.
   */
  @Override
  public CompletableFuture<AnyCallResult> callAny(
      String task, PeerSelector selector, byte[] payload, Duration timeout, byte[] idempotencyKey) {
    Peer first = peers().stream().filter(p -> p.state() == PeerState.ALIVE).findFirst().orElse(null);
    if (first == null) {
      return CompletableFuture.completedFuture(new AnyCallResult(null, 0, 0,
          TaskResult.error(TaskStatus.UNAVAILABLE, "no ALIVE peer offers '" + task + "'")));
    }
    return call(first.id(), task, payload, timeout)
        .thenApply(result -> new AnyCallResult(first.id(), 1, 1, result));
  }

  @Override
  public CompletableFuture<Map<NodeId, TaskResult>> broadcast(
      String task, byte[] payload, Duration timeout) {
    Map<NodeId, CompletableFuture<TaskResult>> pending = new TreeMap<>();
    for (Peer peer : peers()) {
      if (peer.state() == PeerState.ALIVE) {
        pending.put(peer.id(), call(peer.id(), task, payload, timeout));
      }
    }
    return CompletableFuture.allOf(pending.values().toArray(CompletableFuture[]::new))
        .thenApply(
            done -> {
              Map<NodeId, TaskResult> results = new TreeMap<>();
              pending.forEach((id, future) -> results.put(id, future.join()));
              return results;
            });
  }

  @Override
  public CompletableFuture<Duration> ping(NodeId peer, Duration timeout) {
    if (!peers.containsKey(peer)) {
      return CompletableFuture.failedFuture(
          new IllegalStateException("unknown peer " + peer.shortForm()));
    }
    Duration roundTrip = roundTrips.get(peer);
    if (roundTrip == null || roundTrip.compareTo(timeout) > 0) {
      CompletableFuture<Duration> lost = new CompletableFuture<>();
      CompletableFuture.delayedExecutor(timeout.toNanos(), TimeUnit.NANOSECONDS)
          .execute(
              () ->
                  lost.completeExceptionally(
                      new TimeoutException("no pong within " + timeout.toMillis() + " ms")));
      return lost;
    }
    return CompletableFuture.completedFuture(roundTrip);
  }

  @Override
  public InetSocketAddress livenessAddress() {
    return new InetSocketAddress(linkAddress.getAddress(), 47200);
  }

  @Override
  public LivenessCounters livenessCounters() {
    return livenessCounters;
  }

  /** Counters that stay at zero: a fake agent has no links. */
  @Override
  public LinkStats linkStats() {
    return linkStats;
  }

  /** Does nothing: a fake agent has no settings to read again. */
  /** Makes every later {@link #reload} fail with {@code failure}, as a bad config file does. */
  public void failReloads(dev.echomesh.agent.ConfigException failure) {
    reloadFailure = failure;
  }

  /** How many reloads succeeded. */
  public int reloads() {
    return reloads.get();
  }

  /** Counts the reload, or fails as {@link #failReloads} said: a fake agent has no settings. */
  @Override
  public void reload() throws dev.echomesh.agent.ConfigException {
    if (reloadFailure != null) {
      throw reloadFailure;
    }
    reloads.incrementAndGet();
  }

  /** Denies {@code node} as the config file's deny list does: {@link #allow} then refuses it. */
  public void denyByConfig(NodeId node) {
    deniedByConfig.add(node);
  }

  @Override
  public boolean deny(NodeId node) {
    if (node.equals(nodeId)) {
      throw new IllegalArgumentException("node " + node + " is this node itself");
    }
    return denied.add(node);
  }

  @Override
  public boolean allow(NodeId node) {
    if (deniedByConfig.contains(node)) {
      throw new IllegalStateException("node " + node + " is denied by the config file");
    }
    return denied.remove(node);
  }

  @Override
  public java.util.Set<NodeId> deniedNodes() {
    java.util.Set<NodeId> all = new java.util.HashSet<>(denied);
    all.addAll(deniedByConfig);
    return java.util.Set.copyOf(all);
  }

  @Override
  public void close() {
    closed = true;
    executor.shutdownNow();
  }

  private static TaskResult run(TaskHandler handler, TaskRequest request) {
    try {
      return handler.handle(request);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return TaskResult.error(TaskStatus.CANCELLED, "interrupted");
    } catch (Exception e) {
      return TaskResult.error(TaskStatus.FAILED, String.valueOf(e.getMessage()));
    }
  }

  private TaskHandler taskListHandler() {
    return new TaskHandler() {
      @Override
      public String name() {
        return "tasks";
      }

      @Override
      public String description() {
        return "lists the tasks of this node as JSON";
      }

      @Override
      public TaskResult handle(TaskRequest request) {
        String json =
            new TreeMap<>(remoteTasks)
                .values().stream()
                    .map(
                        t ->
                            "{\"name\":\""
                                + t.name()
                                + "\",\"description\":\""
                                + t.description()
                                + "\"}")
                    .collect(Collectors.joining(",", "[", "]"));
        return TaskResult.ok(json.getBytes(StandardCharsets.UTF_8));
      }
    };
  }

  /** A task from a lambda, for tests. */
  public static TaskHandler task(String name, String description, Handler handler) {
    return new TaskHandler() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public String description() {
        return description;
      }

      @Override
      public TaskResult handle(TaskRequest request) throws Exception {
        return handler.handle(request);
      }
    };
  }

  /** The body of a {@link #task} made from a lambda. */
  @FunctionalInterface
  public interface Handler {
    TaskResult handle(TaskRequest request) throws Exception;
  }
}
