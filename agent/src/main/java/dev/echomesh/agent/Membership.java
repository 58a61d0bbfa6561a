package dev.echomesh.agent;

import dev.echomesh.agent.discovery.DiscoveryReport;
import dev.echomesh.agent.discovery.DiscoveryService;
import dev.echomesh.agent.discovery.InterfaceSource;
import dev.echomesh.agent.discovery.NeighbourTable;
import dev.echomesh.agent.liveness.FailureDetector;
import dev.echomesh.agent.liveness.LivenessCounters;
import dev.echomesh.agent.liveness.LivenessService;
import dev.echomesh.agent.liveness.LocalHealth;
import dev.echomesh.agent.liveness.LocalInterface;
import dev.echomesh.agent.liveness.LocalNode;
import dev.echomesh.agent.liveness.NodeReport;
import dev.echomesh.agent.liveness.PingStats;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.internal.PeerExpiry;
import dev.echomesh.agent.peers.internal.PeerTable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Who is in the mesh: UDP liveness and mDNS discovery feeding the peer table, and the tick that
 * runs the failure detector over it.
 *
 * <p>Start order ({@link #start}, then {@link #startDiscovery} once the link listener is bound):
 * liveness first, so the first ping leaves as soon as the agent starts; discovery last and on the
 * tick thread, since jmdns is slow. One daemon thread ("echomesh-membership") runs the tick
 * (failure detector, then the expiry of LEFT and DEAD peers), the neighbour table refresh, the loss
 * figures and the interface polling.
 *
 * <p>Silence is measured on the agent's ticker ({@link AgentConfig#ticker()}): liveness stamps
 * what it hears with it, and the tick assesses with it. The wall clock ({@link AgentConfig#clock()})
 * goes to liveness only for the datagrams' send times and staleness bound, and seeds the
 * incarnation.
 *
 * <p>Local health (as memberlist's Lifeguard): silence this node caused itself is not held
 * against its peers. A tick that comes more than a tick interval late means this process stalled
 * (GC, CPU starvation), and the stall is left out of every silence it falls into ({@link
 * LocalHealth}); and while datagrams wait in the socket for the receive thread, the judgement
 * waits for them, {@link #MAX_BACKLOG_DEFERRAL} at most (so a flood cannot stop detection). On a
 * node that runs on time, neither changes anything: a {@code kill -9} is DEAD as fast as before.
 */
final class Membership {

  private static final Logger log = LoggerFactory.getLogger(Membership.class);

  /** Longest time between two failure detector passes; shorter when pings are more frequent. */
  static final Duration MAX_TICK = Duration.ofMillis(100);
  /**
   * Longest the failure detector waits, tick after tick, for datagrams waiting in the socket to
   * be read before it judges silence anyway: one second, a few ticks, enough for a receive thread
   * that was starved to catch up; bounded so that a flood of datagrams cannot hold off detection.
   */
  static final Duration MAX_BACKLOG_DEFERRAL = Duration.ofSeconds(1);
  /** How often the neighbour (ARP) table is read and loss figures are refreshed. */
  static final Duration SLOW_TICK = Duration.ofSeconds(1);

  private final AgentConfig config;
  private final PeerTable peers;
  private final InterfaceWatch interfaces;
  private final ScheduledExecutorService thread;
  private final FailureDetector detector;
  private final Duration tickInterval;
  private final LocalHealth health;
  private final PeerExpiry expiry;
  /** Since when datagrams have waited at every tick; -1 when none waited at the last one. Guarded by this. */
  private long backlogSinceNanos = -1;
  private volatile NeighbourTable neighbours = NeighbourTable.empty();
  private LivenessService liveness;
  private volatile DiscoveryService discovery;
  private Supplier<NodeReport> selfReport;
  private PeerReports peerReports;
  private ActivityListener activity;

  private Membership(AgentConfig config, PeerTable peers, InterfaceWatch interfaces) {
    this.config = config;
    this.peers = peers;
    this.interfaces = interfaces;
    this.detector = FailureDetector.of(config.liveness());
    this.tickInterval = tickInterval(config.liveness().pingInterval());
    this.health = new LocalHealth(tickInterval, config.liveness().deadAfter());
    this.expiry = PeerExpiry.after(config.liveness().forgetAfter());
    this.thread = Executors.newSingleThreadScheduledExecutor(runnable -> {
      Thread t = new Thread(runnable, "echomesh-membership");
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Lists the interfaces and starts liveness (its first ping round goes out at once) and the tick.
   *
   * @throws IOException when the UDP socket cannot be bound
   */
  static Membership start(AgentConfig config, PeerTable peers) throws IOException {
    return start(config, peers, () -> NodeReport.NONE, new PeerReports(), new ActivityListener() {});
  }

  /**
   * As {@link #start(AgentConfig, PeerTable)}, with this node's report read for each ping, the
   * peers' reports kept in {@code peerReports}, and each round trip told to {@code activity}.
   */
  static Membership start(AgentConfig config, PeerTable peers, Supplier<NodeReport> selfReport,
      PeerReports peerReports, ActivityListener activity) throws IOException {
    InterfaceWatch interfaces =
        new InterfaceWatch(InterfaceSource.system(), config.discovery().interfaceSelector());
    Membership membership = new Membership(config, peers, interfaces);
    membership.selfReport = selfReport;
    membership.peerReports = peerReports;
    membership.activity = activity;
    if (membership.watchesInterfaces()) {
      interfaces.refresh();
    }
    membership.neighbours = NeighbourTable.systemSnapshot();
    try {
      membership.startLiveness();
    } catch (IOException | RuntimeException e) {
      membership.thread.shutdownNow();
      throw e;
    }
    membership.scheduleTicks();
    return membership;
  }

  private boolean watchesInterfaces() {
    return config.broadcastPings() || config.discovery().enabled();
  }

  private void startLiveness() throws IOException {
    long incarnation = Incarnations.next(config.dataDirectory(), config.clock());
    LocalNode self = new LocalNode(config.credentials().nodeId(), config.name(), config.link().port(), incarnation,
        selfReport);
    Supplier<List<LocalInterface>> subnets = config.broadcastPings() ? interfaces::subnets : List::of;
    Supplier<NeighbourTable> table = () -> neighbours;
    liveness = LivenessService.start(config.liveness(), self, config.meshSecrets(),
        new PingTargets(subnets, peers, config.liveness().port()),
        new LivenessBridge(peers, table, peerReports, activity), config.clock(), config.ticker());
    log.info("incarnation {}; pings {}", incarnation,
        config.broadcastPings() ? "broadcast on the selected interfaces" : "only by unicast to known peers");
  }

  /** Half a ping interval, {@link #MAX_TICK} at most. */
  private static Duration tickInterval(Duration pingInterval) {
    return pingInterval.dividedBy(2).compareTo(MAX_TICK) < 0 ? pingInterval.dividedBy(2) : MAX_TICK;
  }

  private void scheduleTicks() {
    Duration tick = tickInterval;
    thread.scheduleWithFixedDelay(() -> safely("failure detector", this::assessPeers),
        tick.toNanos(), tick.toNanos(), TimeUnit.NANOSECONDS);
    thread.scheduleWithFixedDelay(() -> safely("neighbour table and loss refresh", this::slowTick),
        SLOW_TICK.toMillis(), SLOW_TICK.toMillis(), TimeUnit.MILLISECONDS);
    if (watchesInterfaces()) {
      long poll = config.discovery().pollInterval().toMillis();
      thread.scheduleWithFixedDelay(() -> safely("interface poll", interfaces::refresh), poll, poll,
          TimeUnit.MILLISECONDS);
    }
  }

  /**
   * One pass of the failure detector over the peer table, now on the agent's ticker, then the
   * removal of LEFT and DEAD peers silent for {@link
   * dev.echomesh.agent.liveness.LivenessConfig#forgetAfter()}: what the tick runs; tests call it to
   * step through time without waiting for the tick. It counts as a tick for {@link LocalHealth}:
   * a test that lets more than two tick intervals pass between two calls makes a stall.
   */
  synchronized void assessPeers() {
    long now = config.ticker().read();
    long stalled = health.tick(now);
    if (stalled > 0) {
      log.debug("this node stalled for {} ms (its failure detector ran late); that silence is not held against"
          + " peers", TimeUnit.NANOSECONDS.toMillis(stalled));
    }
    if (!backlogged(now)) {
      peers.assess(now, (state, lastHeard, at) ->
          detector.onSilence(state, lastHeard + health.excusedNanos(lastHeard, at), at));
    }
    peers.expire(now, expiry);
  }

  /** Whether datagrams wait for the receive thread, for less than {@link #MAX_BACKLOG_DEFERRAL} so far. */
  private boolean backlogged(long now) {
    if (!liveness.receiveBacklog()) {
      backlogSinceNanos = -1;
      return false;
    }
    if (backlogSinceNanos == -1) {
      backlogSinceNanos = now;
    }
    return now - backlogSinceNanos < MAX_BACKLOG_DEFERRAL.toNanos();
  }

  private void slowTick() {
    neighbours = NeighbourTable.systemSnapshot();
    for (Peer peer : peers.snapshot()) {
      PingStats stats = liveness.stats(peer.id());
      if (stats.rtt().measured() || stats.lossPercent() > 0) {
        peers.recordRoundTrips(peer.id(), stats.rtt(), stats.lossPercent());
      }
    }
  }

  /** The bound UDP port: what Hello and mDNS announce. */
  int udpPort() {
    return liveness.localAddress().getPort();
  }

  /** Where the UDP socket is bound. */
  InetSocketAddress livenessAddress() {
    return liveness.localAddress();
  }

  /**
   * Starts mDNS in the background (on the tick thread), announcing {@code linkPort}; returns at
   * once. Does nothing when discovery is off.
   */
  void startDiscovery(int linkPort) {
    if (!config.discovery().enabled()) {
      log.info("mDNS discovery is off; peers are found by UDP pings and static peers only");
      return;
    }
    dev.echomesh.agent.discovery.LocalNode self = new dev.echomesh.agent.discovery.LocalNode(
        config.credentials().nodeId(), config.name(), config.meshSecrets().meshId(), linkPort, udpPort());
    Supplier<NeighbourTable> table = () -> neighbours;
    DiscoveryService service = DiscoveryService.create(config.discovery(), self,
        new DiscoveryBridge(peers, config.ticker(), table), interfaces, config.ticker());
    discovery = service;
    try {
      thread.execute(() -> safely("mDNS start", service::start));
    } catch (RejectedExecutionException e) {
      log.debug("closing before mDNS started");
    }
  }

  /**
   * One ping to {@code peer} now, at its most recent address and UDP port.
   *
   * @return the round trip; fails with a {@link java.util.concurrent.TimeoutException} after
   *     {@code timeout}, or an {@link IllegalStateException} when the peer's UDP address is unknown
   *     or liveness is closed
   */
  CompletableFuture<Duration> ping(Peer peer, Duration timeout) {
    if (peer.udpPort() == 0 || peer.addresses().isEmpty()) {
      return CompletableFuture.failedFuture(new IllegalStateException(
          "no UDP address known for " + peer.name() + " (" + peer.id().shortForm() + ")"));
    }
    InetSocketAddress target = new InetSocketAddress(peer.addresses().get(0), peer.udpPort());
    return liveness.probe(target, timeout).thenApply(roundTrip -> Duration.ofNanos(roundTrip.rttNanos()));
  }

  /** What mDNS hears now; {@link DiscoveryReport#OFF} when discovery is off or not started yet. */
  DiscoveryReport discoveryReport() {
    DiscoveryService mdns = discovery;
    return mdns == null ? DiscoveryReport.OFF : mdns.report();
  }

  /** Datagrams accepted and dropped (by reason) since start. */
  LivenessCounters counters() {
    return liveness.counters();
  }

  /**
   * Says goodbye: mDNS goodbyes go out in the background, the Leave datagram is sent (peers mark
   * this node LEFT at once), and the tick stops.
   *
   * @return completes when mDNS has closed, or after its close timeout at the latest
   */
  CompletableFuture<Void> leave() {
    DiscoveryService mdns = discovery;
    CompletableFuture<Void> mdnsClosed = mdns == null ? CompletableFuture.completedFuture(null) : mdns.stop();
    thread.shutdownNow();
    liveness.close();
    return mdnsClosed;
  }

  private static void safely(String what, Runnable action) {
    try {
      action.run();
    } catch (RuntimeException e) {
      log.error("{} failed; it runs again at its next turn", what, e);
    }
  }
}
