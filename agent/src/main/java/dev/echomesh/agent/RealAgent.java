package dev.echomesh.agent;

import dev.echomesh.agent.discovery.DiscoveryReport;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.link.LinkConfig;
import dev.echomesh.agent.link.LinkInfo;
import dev.echomesh.agent.link.LinkLayer;
import dev.echomesh.agent.link.LinkListener;
import dev.echomesh.agent.link.LinkStats;
import dev.echomesh.agent.liveness.LivenessCounters;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerListener;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.peers.internal.PeerTable;
import dev.echomesh.agent.peers.internal.Sighting;
import dev.echomesh.agent.settings.SettingException;
import dev.echomesh.agent.task.StreamedResult;
import dev.echomesh.agent.task.TaskInfo;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.command.CallerNames;
import dev.echomesh.agent.task.internal.AtMostOnceHandler;
import dev.echomesh.agent.task.internal.TaskExecutor;
import dev.echomesh.agent.task.internal.TaskRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
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
 * <p>Start order: a check that the link port can be bound (so an agent that cannot listen never
 * announces itself), liveness (the first ping leaves at once and the UDP port is known for Hello),
 * then the link listener, then mDNS in the background. Close order: GoAway on links and
 * the drain of calls in flight (this node still answers pings meanwhile: it is alive), then the
 * mDNS goodbye (in the background) and the Leave datagram, then the wait for mDNS to finish
 * closing, bounded by its close timeout.
 *
 * <p>Futures of {@link #call} complete on a network thread: chain blocking work with the
 * {@code *Async} methods, not on that thread.
 */
final class RealAgent implements Agent {

  private static final Logger log = LoggerFactory.getLogger(RealAgent.class);

  /**
   * How long closing waits for mDNS to close. jmdns sends the goodbye at once, then twice more a
   * second apart, and only then returns from its close (2.0-2.2 s measured). The first goodbye is
   * what makes mDNS browsers drop our records, and members learn of the leave from the Leave sent
   * on links and pings; so closing waits long enough for the first goodbye to leave and not for
   * the repeats: stopping an agent takes a fraction of a second instead of a fixed 2 s.
   */
  static final Duration MDNS_GOODBYE_WAIT = Duration.ofMillis(250);

  private final AgentConfig config;
  private final PeerTable peers;
  private final TaskSet taskSet;
  private final TaskExecutor executor;
  private final AtMostOnceHandler atMostOnce;
  private final DenyList denied;
  private final PeerReports reports = new PeerReports();
  private final Activity activity;
  private final AtomicBoolean closing = new AtomicBoolean();
  private Membership membership;
  private LinkLayer links;
  private AnyCaller anyCaller;

  private RealAgent(AgentConfig config, PeerTable peers, TaskSet taskSet, TaskExecutor executor, DenyList denied,
      Activity activity) {
    this.config = config;
    this.activity = activity;
    this.peers = peers;
    this.taskSet = taskSet;
    this.executor = executor;
    this.atMostOnce = new AtMostOnceHandler(executor, config.callsRememberFor(), config.callsRememberMaxKeys(),
        config.callsRememberMaxBytes(), config.ticker(), config.clock());
    this.denied = denied;
  }

  static RealAgent start(AgentConfig config) throws IOException {
    long startedNanos = config.ticker().read();
    DenyList denied = DenyList.load(config.dataDirectory(), config.denyList());
    PeerTable peers = PeerTable.create(config.clock(), config.ticker());
    Activity activity = new Activity(config.ticker());
    TaskSet taskSet = TaskSet.load(config, startedNanos, callerNames(peers), activity);
    TaskRegistry registry;
    try {
      registry = taskSet.registry(config.commandTasks(), config.taskAllowLists(), false);
    } catch (RuntimeException e) {
      taskSet.close();
      throw e;
    }
    try {
      LinkPortCheck.requireFree(config.link());
    } catch (IOException e) {
      taskSet.close();
      throw e;
    }
    TaskExecutor executor = new TaskExecutor(registry, config.taskThreads(), config.taskQueueCapacity());
    RealAgent agent = new RealAgent(config, peers, taskSet, executor, denied, activity);
    try {
      agent.membership = Membership.start(config, new DenyingPeerTable(agent.peers, denied::contains),
          new SelfReport(executor::inFlight, config.tags()), agent.reports, activity);
    } catch (IOException | RuntimeException e) {
      agent.atMostOnce.close();
      executor.close();
      taskSet.close();
      throw e;
    }
    try {
      agent.links = LinkLayer.start(linkConfig(config, agent.membership.udpPort()), config.credentials(),
          new ObservedCalls(agent.atMostOnce, activity, config.ticker()), agent::linkAddressOf, agent.new PeerFeed(), denied.all());
    } catch (IOException | RuntimeException e) {
      agent.membership.leave();
      agent.atMostOnce.close();
      executor.close();
      taskSet.close();
      throw e;
    }
    agent.anyCaller = new AnyCaller(agent.peers, agent.reports, agent.links, config.ticker(),
        config.callAnyLinkTimeout());
    agent.peers.addListener(agent.new LinkCloser());
    agent.membership.startDiscovery(agent.links.localAddress().getPort());
    log.info("Agent '{}' started: node {}, {} tasks, {} static peers, UDP port {}, {} denied node(s)", config.name(),
        config.credentials().nodeId(), registry.tasks().size(), config.link().staticPeers().size(),
        agent.membership.udpPort(), denied.all().size());
    taskSet.log(registry, config.taskAllowLists());
    return agent;
  }

  /** The names peers announced, for command tasks' {@code ECHOMESH_CALLER_NAME}; a name never grants access. */
  private static CallerNames callerNames(PeerTable peers) {
    return caller -> peers.get(caller).map(Peer::name).filter(name -> !name.isEmpty());
  }

  /**
   * Closes the links of peers that are gone. A peer that stopped answering pings loses its links:
   * calls in flight to it end with UNAVAILABLE now (a cut cable or a crashed host leaves TCP
   * waiting for minutes, the callers for their deadlines); the next call dials again, so a peer
   * that comes back is reachable. Only a peer that did answer pings before counts: one whose pings
   * never got through (UDP filtered between two hosts whose TCP works) is DEAD to liveness all
   * along, and its links carry its calls regardless. A peer removed from the table (forgotten, or
   * expired) loses its links too, so that no link outlives the record it was dialed from.
   */
  private final class LinkCloser implements PeerListener {
    @Override
    public void peerChanged(Peer before, Peer after) {
      boolean answeredPings = after.rtt().measured();
      if (after.state() == PeerState.DEAD && answeredPings
          && (before == null || before.state() != PeerState.DEAD)) {
        links.closeLinksTo(after.id(), "'" + after.name() + "' stopped answering liveness pings (DEAD)");
      }
    }

    @Override
    public void peerRemoved(Peer last) {
      links.closeLinksTo(last.id(), "'" + last.name() + "' was removed from the peer table ("
          + last.state() + ")");
    }
  }

  /** The link settings with this agent's runtime values filled in. */
  static LinkConfig linkConfig(AgentConfig config, int udpPort) {
    return config.link().toBuilder()
        .udpPort(udpPort)
        .nodeName(config.name())
        .agentVersion(AgentVersion.current())
        .clock(config.clock())
        .ticker(config.ticker())
        .ticker(config.ticker())
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
  public Optional<Peer> forget(NodeId peer) {
    return peers.remove(Objects.requireNonNull(peer, "peer"));
  }

  @Override
  public void addPeerListener(PeerListener listener) {
    peers.addListener(Objects.requireNonNull(listener, "listener"));
  }

  @Override
  public void addActivityListener(ActivityListener listener) {
    activity.add(listener);
  }

  @Override
  public List<TaskInfo> tasks() {
    return executor.registry().tasks();
  }

  /**
   * {@inheritDoc}
   *
   * <p>Reads the settings again from the config's {@link AgentConfig#source() source}; takes the
   * command tasks (added, changed and removed), the task allow-lists and the config file's deny
   * list from them. Links stay up (those to nodes now denied close); calls in flight finish with
   * the handler they started with.
   */
  @Override
  public synchronized void reload() throws ConfigException {
    AgentConfig.Source source = config.source();
    try {
      AgentConfig next = source == null ? config : source.load();
      TaskRegistry registry;
      try {
        registry = taskSet.registry(next.commandTasks(), next.taskAllowLists(), true);
      } catch (SettingException e) {
        throw source == null ? new ConfigException(null, 0, e.key(), e.getMessage()) : source.locate(e);
      }
      denied.replaceConfigured(next.denyList());
      links.deny(denied.all());
      executor.replaceRegistry(registry);
      log.info("Agent '{}' reloaded: {} tasks ({} command tasks), {} allow-list(s), {} denied node(s); other"
          + " settings take effect at the next start", config.name(), registry.tasks().size(),
          next.commandTasks().size(), next.taskAllowLists().size(), denied.all().size());
      taskSet.log(registry, next.taskAllowLists());
    } catch (ConfigException e) {
      log.error("Reload failed, keeping the settings in use: {}", e.getMessage());
      throw e;
    }
  }

  @Override
  public synchronized boolean deny(NodeId node) {
    Objects.requireNonNull(node, "node");
    if (node.equals(nodeId())) {
      throw new IllegalArgumentException("node " + node + " is this node itself");
    }
    boolean added = denied.deny(node);
    links.deny(denied.all());
    if (added) {
      log.info("Node {} denied: its links are closed and it is refused from now on", node);
    }
    return added;
  }

  @Override
  public synchronized boolean allow(NodeId node) {
    Objects.requireNonNull(node, "node");
    boolean removed = denied.allow(node);
    links.deny(denied.all());
    if (removed) {
      log.info("Node {} allowed again", node);
    }
    return removed;
  }

  @Override
  public Set<NodeId> deniedNodes() {
    return denied.all();
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
    return links.call(peer, task, bytes, timeout == null ? config.link().defaultCallTimeout() : timeout);
  }

  /**
   * {@inheritDoc}
   *
   * <p>A null {@code timeout} means the configured default call timeout.
   *
   * @throws IllegalArgumentException if {@code timeout} is zero or negative
   */
  @Override
  public CompletableFuture<StreamedResult> callStreaming(NodeId peer, String task, InputStream payload,
      Duration timeout) {
    return links.callStreaming(peer, task, payload, timeout == null ? config.link().defaultCallTimeout() : timeout);
  }

  @Override
  public CompletableFuture<AnyCallResult> callAny(String task, PeerSelector selector, byte[] payload,
      Duration timeout, byte[] idempotencyKey) {
    return anyCaller.callAny(task, selector, payload, timeout == null ? config.link().defaultCallTimeout() : timeout,
        idempotencyKey);
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
  public DiscoveryReport discoveryReport() {
    return membership.discoveryReport();
  }

  @Override
  public LivenessCounters livenessCounters() {
    return membership.counters();
  }

  @Override
  public LinkStats linkStats() {
    return links.stats();
  }

  @Override
  public void close() {
    if (!closing.compareAndSet(false, true)) {
      return;
    }
    log.info("Agent '{}' stopping: telling peers, letting calls in flight finish (up to {} ms)",
        config.name(), config.link().shutdownTimeout().toMillis());
    try {
      links.close();
    } catch (IllegalStateException onLinkThread) {
      closing.set(false); // nothing was closed; a later call from another thread may close
      throw onLinkThread;
    }
    CompletableFuture<Void> mdnsClosed = membership.leave();
    atMostOnce.close();
    executor.close(Duration.ZERO);
    taskSet.close();
    Duration closeTimeout = config.discovery().closeTimeout();
    awaitQuietly(mdnsClosed, closeTimeout.compareTo(MDNS_GOODBYE_WAIT) < 0 ? closeTimeout : MDNS_GOODBYE_WAIT);
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
      peers.record(new Sighting(info.peer(), Sighting.Source.LINK, config.ticker().read(), info.name(),
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
