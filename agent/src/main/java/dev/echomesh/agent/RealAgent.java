package dev.echomesh.agent;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.link.LinkConfig;
import dev.echomesh.agent.link.LinkInfo;
import dev.echomesh.agent.link.LinkLayer;
import dev.echomesh.agent.link.LinkListener;
import dev.echomesh.agent.link.Backoff;
import dev.echomesh.agent.liveness.LivenessCounters;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerListener;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.peers.PeerTable;
import dev.echomesh.agent.peers.Sighting;
import dev.echomesh.agent.task.EchoTask;
import dev.echomesh.agent.task.ReverseTask;
import dev.echomesh.agent.task.SysinfoTask;
import dev.echomesh.agent.task.TaskExecutor;
import dev.echomesh.agent.task.TaskInfo;
import dev.echomesh.agent.task.TaskRegistry;
import dev.echomesh.agent.task.TaskResult;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent: wires the peer table, the task registry and executor, the link layer, and the
 * membership services (liveness, discovery) that feed the peer table.
 *
 * <p>Start order: liveness first (the first ping leaves at once and the UDP port is known for
 * Hello), then the link listener, then mDNS in the background. Close order: GoAway on links and
 * the drain of calls in flight (this node still answers pings meanwhile: it is alive), then the
 * mDNS goodbye (in the background) and the Leave datagram, then the wait for mDNS to finish
 * closing, bounded by its close timeout.
 *
 * <p>Futures of {@link #call} complete on a network thread: chain blocking work with the
 * {@code *Async} methods, not on that thread.
 */
final class RealAgent implements Agent {

  private static final Logger log = LoggerFactory.getLogger(RealAgent.class);

  private final AgentConfig config;
  private final PeerTable peers;
  private final TaskRegistry registry;
  private final TaskExecutor executor;
  private final AtomicBoolean closing = new AtomicBoolean();
  private Membership membership;
  private LinkLayer links;

  private RealAgent(AgentConfig config, PeerTable peers, TaskRegistry registry, TaskExecutor executor) {
    this.config = config;
    this.peers = peers;
    this.registry = registry;
    this.executor = executor;
  }

  static RealAgent start(AgentConfig config) throws IOException {
    Instant started = config.clock().instant();
    TaskRegistry.Builder tasks = TaskRegistry.builder()
        .add(new EchoTask())
        .add(new ReverseTask())
        .add(new SysinfoTask(AgentVersion.current(), config.clock(), started))
        .addAll(config.tasks())
        .external(config.externalTasks());
    if (config.loadTaskPlugins()) {
      tasks.addPlugins(pluginLoader());
    }
    config.taskAllowLists().forEach(tasks::allowCallers);
    TaskRegistry registry = tasks.build();
    TaskExecutor executor = new TaskExecutor(registry, config.taskThreads(), config.taskQueueCapacity());
    RealAgent agent = new RealAgent(config, PeerTable.create(), registry, executor);
    try {
      agent.membership = Membership.start(config, agent.peers);
    } catch (IOException | RuntimeException e) {
      executor.close();
      throw e;
    }
    try {
      agent.links = LinkLayer.start(linkConfig(config, agent.membership.udpPort()), config.credentials(),
          executor, agent::linkAddressOf, agent.new PeerFeed());
    } catch (IOException | RuntimeException e) {
      agent.membership.leave();
      executor.close();
      throw e;
    }
    agent.peers.addListener(agent::closeLinksOfDeadPeers);
    agent.membership.startDiscovery(agent.links.localAddress().getPort());
    log.info("Agent '{}' started: node {}, {} tasks, {} static peers, UDP port {}", config.name(),
        config.credentials().nodeId(), registry.tasks().size(), config.staticPeers().size(),
        agent.membership.udpPort());
    return agent;
  }

  /**
   * A peer that stopped answering pings loses its links: calls in flight to it end with
   * UNAVAILABLE now (a cut cable or a crashed host leaves TCP waiting for minutes, the callers
   * for their deadlines); the next call dials again, so a peer that comes back is reachable.
   * Only a peer that did answer pings before counts: one whose pings never got through (UDP
   * filtered between two hosts whose TCP works) is DEAD to liveness all along, and its links
   * carry its calls regardless.
   */
  private void closeLinksOfDeadPeers(Peer before, Peer after) {
    boolean answeredPings = after.rtt().measured();
    if (after.state() == PeerState.DEAD && answeredPings
        && (before == null || before.state() != PeerState.DEAD)) {
      links.closeLinksTo(after.id(), "'" + after.name() + "' stopped answering liveness pings (DEAD)");
    }
  }

  private static ClassLoader pluginLoader() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    return context != null ? context : RealAgent.class.getClassLoader();
  }

  static LinkConfig linkConfig(AgentConfig config, int udpPort) {
    return LinkConfig.builder()
        .udpPort(udpPort)
        .nodeName(config.name())
        .agentVersion(AgentVersion.current())
        .bindAddress(config.bindAddress())
        .port(config.linkPort())
        .staticPeers(config.staticPeers())
        .maxFrameBytes(config.maxFrameBytes())
        .connectTimeout(config.connectTimeout())
        .handshakeTimeout(config.handshakeTimeout())
        .idleTimeout(config.idleTimeout())
        .maxInFlightCallsPerLink(config.maxInFlightCallsPerLink())
        .defaultCallTimeout(config.defaultCallTimeout())
        .shutdownTimeout(config.shutdownTimeout())
        .denyList(config.denyList())
        .redialBackoff(Backoff.of(config.redialInitialDelay(), config.redialMaxDelay()))
        .ioThreads(config.linkThreads())
        .clock(config.clock())
        .build();
  }

  /** Where to dial a peer: its most recent address and its link port, from the peer table. */
  private Optional<InetSocketAddress> linkAddressOf(NodeId id) {
    return peers.get(id)
        .filter(p -> p.linkPort() != 0 && !p.addresses().isEmpty())
        .map(p -> new InetSocketAddress(p.addresses().get(0), p.linkPort()));
  }

  @Override
  public NodeId nodeId() {
    return config.credentials().nodeId();
  }

  @Override
  public String name() {
    return config.name();
  }

  @Override
  public InetSocketAddress linkAddress() {
    return links.localAddress();
  }

  @Override
  public List<Peer> peers() {
    return peers.snapshot();
  }

  @Override
  public Optional<Peer> findPeer(String query) {
    return peers.find(query);
  }

  @Override
  public void addPeerListener(PeerListener listener) {
    peers.addListener(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public List<TaskInfo> tasks() {
    return registry.tasks();
  }

  /**
   * {@inheritDoc}
   *
   * <p>A null {@code timeout} means the configured default call timeout. The payload is
   * copied, so the caller may reuse its array at once.
   *
   * @throws IllegalArgumentException if {@code timeout} is zero or negative
   */
  @Override
  public CompletableFuture<TaskResult> call(NodeId peer, String task, byte[] payload, Duration timeout) {
    byte[] bytes = payload == null ? new byte[0] : payload.clone();
    return links.call(peer, task, bytes, timeout == null ? config.defaultCallTimeout() : timeout);
  }

  @Override
  public CompletableFuture<Map<NodeId, TaskResult>> broadcast(String task, byte[] payload, Duration timeout) {
    Map<NodeId, CompletableFuture<TaskResult>> calls = new LinkedHashMap<>();
    for (Peer peer : peers.snapshot()) {
      if (peer.state() == PeerState.ALIVE) {
        calls.put(peer.id(), call(peer.id(), task, payload, timeout));
      }
    }
    return CompletableFuture.allOf(calls.values().toArray(new CompletableFuture<?>[0]))
        .thenApply(done -> {
          Map<NodeId, TaskResult> results = new LinkedHashMap<>();
          calls.forEach((id, result) -> results.put(id, result.join()));
          return results;
        });
  }

  /**
   * {@inheritDoc}
   *
   * <p>The ping goes to the peer's most recent address and the UDP port it stated.
   */
  @Override
  public CompletableFuture<Duration> ping(NodeId peer, Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive, got " + timeout);
    }
    Optional<Peer> known = peers.get(peer);
    if (known.isEmpty()) {
      return CompletableFuture.failedFuture(new IllegalStateException("unknown peer " + peer.shortForm()));
    }
    return membership.ping(known.get(), timeout);
  }

  @Override
  public InetSocketAddress livenessAddress() {
    return membership.livenessAddress();
  }

  @Override
  public LivenessCounters livenessCounters() {
    return membership.counters();
  }

  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    log.info("Agent '{}' stopping: telling peers, letting calls in flight finish (up to {} ms)",
        config.name(), config.shutdownTimeout().toMillis());
    try {
      links.close();
    } catch (IllegalStateException onLinkThread) {
      closing.set(false); // nothing was closed; a later call from another thread may close
      throw onLinkThread;
    }
    CompletableFuture<Void> mdnsClosed = membership.leave();
    executor.close(Duration.ZERO);
    awaitQuietly(mdnsClosed, config.discovery().closeTimeout());
    log.info("Agent '{}' stopped", config.name());
  }

  private static void awaitQuietly(CompletableFuture<Void> done, Duration timeout) {
    try {
      done.get(timeout.toMillis() + 1, TimeUnit.MILLISECONDS);
    } catch (TimeoutException | ExecutionException e) {
      log.debug("mDNS did not finish closing within {} ms", timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Feeds the peer table from links: a link that comes up proves its peer alive. */
  private final class PeerFeed implements LinkListener {
    @Override
    public void linkUp(LinkInfo info) {
      peers.record(new Sighting(info.peer(), Sighting.Source.LINK, config.clock().instant(), info.name(),
          0, info.remoteAddress().getAddress(), "", "", "", info.linkPort(), info.udpPort()));
    }

    @Override
    public void linkDown(LinkInfo info, String reason) {
      // Whether the peer is gone is the liveness layer's call: a link also closes when idle.
    }
  }

  @Override
  public String toString() {
    return "Agent[" + config.name() + ", " + nodeId().shortForm() + "]";
  }
}
