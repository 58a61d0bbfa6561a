package dev.echomesh.agent;

import dev.echomesh.agent.discovery.DiscoveryConfig;
import dev.echomesh.agent.identity.MeshSecrets;
import dev.echomesh.agent.identity.NodeCredentials;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.link.LinkConfig;
import dev.echomesh.agent.liveness.LivenessConfig;
import dev.echomesh.agent.task.ExternalTasks;
import dev.echomesh.agent.task.TaskHandler;
import dev.echomesh.agent.task.TaskRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Everything an {@link Agent} is started with. Immutable; made by {@link #lanDefaults()}, whose
 * defaults suit a LAN, and validated by {@link Builder#build()}: a value out of range is an
 * {@link IllegalArgumentException} naming the option and its range.
 *
 * <p>Grouped by concern: identity (name, credentials, mesh secrets), links (address, port,
 * static peers, frame limit, timeouts, in-flight bound, threads), tasks (threads, queue, extra
 * handlers, allow-lists, plugins), and the agent (call and shutdown timeouts, deny list,
 * clock), liveness ({@link LivenessConfig}: UDP port, ping interval, failure detector; whether
 * pings are broadcast), discovery ({@link DiscoveryConfig}: mDNS on or off, interface selection),
 * and where state survives restarts (the data directory).
 *
 * <p>On a LAN the defaults need nothing else. An agent whose links are bound to a loopback
 * address stays on this machine whatever else is set: {@link #build()} turns mDNS and broadcast
 * pings off and binds liveness to that address, so a test, a benchmark or a local experiment can
 * never announce or broadcast on the real interfaces. Its peers are static peers, pinged by
 * unicast; give liveness port 0 when several such agents share one machine.
 */
public final class AgentConfig {

  /** Longest node name, in UTF-8 bytes (an mDNS instance name holds 63 bytes). */
  public static final int MAX_NAME_CHARS = 63;

  /**
   * The node name used when none is given: this host's name, read without a DNS lookup (the
   * kernel's on Linux, else {@code HOSTNAME} or {@code COMPUTERNAME} from {@code env}, else
   * "echomesh"), cut to {@link #MAX_NAME_CHARS}.
   */
  public static String defaultName(Map<String, String> env) {
    return HostName.get(env);
  }

  private final String name;
  private final NodeCredentials credentials;
  private final MeshSecrets meshSecrets;
  private final InetAddress bindAddress;
  private final int linkPort;
  private final List<InetSocketAddress> staticPeers;
  private final int maxFrameBytes;
  private final Duration connectTimeout;
  private final Duration handshakeTimeout;
  private final Duration idleTimeout;
  private final int maxInFlightCallsPerLink;
  private final int linkThreads;
  private final Duration redialInitialDelay;
  private final Duration redialMaxDelay;
  private final int taskThreads;
  private final int taskQueueCapacity;
  private final List<TaskHandler> tasks;
  private final Map<String, Set<NodeId>> taskAllowLists;
  private final boolean loadTaskPlugins;
  private final ExternalTasks externalTasks;
  private final Duration defaultCallTimeout;
  private final Duration shutdownTimeout;
  private final Set<NodeId> denyList;
  private final Clock clock;
  private final LivenessConfig liveness;
  private final boolean broadcastPings;
  private final DiscoveryConfig discovery;
  private final Path dataDirectory;

  private AgentConfig(Builder b) {
    name = b.name;
    credentials = b.credentials;
    meshSecrets = b.meshSecrets;
    bindAddress = b.bindAddress;
    linkPort = b.linkPort;
    staticPeers = List.copyOf(b.staticPeers);
    maxFrameBytes = b.maxFrameBytes;
    connectTimeout = b.connectTimeout;
    handshakeTimeout = b.handshakeTimeout;
    idleTimeout = b.idleTimeout;
    maxInFlightCallsPerLink = b.maxInFlightCallsPerLink;
    linkThreads = b.linkThreads;
    redialInitialDelay = b.redialInitialDelay;
    redialMaxDelay = b.redialMaxDelay;
    taskThreads = b.taskThreads;
    taskQueueCapacity = b.taskQueueCapacity;
    tasks = List.copyOf(b.tasks);
    Map<String, Set<NodeId>> allow = new LinkedHashMap<>();
    b.taskAllowLists.forEach((task, ids) -> allow.put(task, Set.copyOf(ids)));
    taskAllowLists = Map.copyOf(allow);
    loadTaskPlugins = b.loadTaskPlugins;
    externalTasks = b.externalTasks;
    defaultCallTimeout = b.defaultCallTimeout;
    shutdownTimeout = b.shutdownTimeout;
    denyList = Set.copyOf(b.denyList);
    clock = b.clock;
    if (bindAddress.isLoopbackAddress()) {
      // Links on loopback mean "stay on this machine": nothing may reach the LAN.
      liveness = b.liveness.bindAddress().isLoopbackAddress()
          ? b.liveness
          : b.liveness.toBuilder().bindAddress(bindAddress).build();
      broadcastPings = false;
      discovery = new DiscoveryConfig(false, b.discovery.interfaces(),
          b.discovery.includePatterns(), b.discovery.excludePatterns(),
          b.discovery.pollInterval(), b.discovery.closeTimeout());
    } else {
      liveness = b.liveness;
      broadcastPings = b.broadcastPings;
      discovery = b.discovery;
    }
    dataDirectory = b.dataDirectory;
  }

  /**
   * A builder holding the LAN defaults. Only {@link Builder#credentials} and
   * {@link Builder#meshSecrets} have no default and must be set.
   */
  public static Builder lanDefaults() {
    return new Builder();
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  /** @see Builder#name */
  public String name() { return name; }
  /** @see Builder#credentials */
  public NodeCredentials credentials() { return credentials; }
  /** @see Builder#meshSecrets */
  public MeshSecrets meshSecrets() { return meshSecrets; }
  /** @see Builder#bindAddress */
  public InetAddress bindAddress() { return bindAddress; }
  /** @see Builder#linkPort */
  public int linkPort() { return linkPort; }
  /** @see Builder#staticPeers */
  public List<InetSocketAddress> staticPeers() { return staticPeers; }
  /** @see Builder#maxFrameBytes */
  public int maxFrameBytes() { return maxFrameBytes; }
  /** @see Builder#connectTimeout */
  public Duration connectTimeout() { return connectTimeout; }
  /** @see Builder#handshakeTimeout */
  public Duration handshakeTimeout() { return handshakeTimeout; }
  /** @see Builder#idleTimeout */
  public Duration idleTimeout() { return idleTimeout; }
  /** @see Builder#maxInFlightCallsPerLink */
  public int maxInFlightCallsPerLink() { return maxInFlightCallsPerLink; }
  /** @see Builder#linkThreads */
  public int linkThreads() { return linkThreads; }
  /** @see Builder#redialInitialDelay */
  public Duration redialInitialDelay() { return redialInitialDelay; }
  /** @see Builder#redialMaxDelay */
  public Duration redialMaxDelay() { return redialMaxDelay; }
  /** @see Builder#taskThreads */
  public int taskThreads() { return taskThreads; }
  /** @see Builder#taskQueueCapacity */
  public int taskQueueCapacity() { return taskQueueCapacity; }
  /** @see Builder#task */
  public List<TaskHandler> tasks() { return tasks; }
  /** @see Builder#allowCallers */
  public Map<String, Set<NodeId>> taskAllowLists() { return taskAllowLists; }
  /** @see Builder#loadTaskPlugins */
  public boolean loadTaskPlugins() { return loadTaskPlugins; }
  /** @see Builder#externalTasks */
  public ExternalTasks externalTasks() { return externalTasks; }
  /** @see Builder#defaultCallTimeout */
  public Duration defaultCallTimeout() { return defaultCallTimeout; }
  /** @see Builder#shutdownTimeout */
  public Duration shutdownTimeout() { return shutdownTimeout; }
  /** @see Builder#deny */
  public Set<NodeId> denyList() { return denyList; }
  /** @see Builder#clock */
  public Clock clock() { return clock; }
  /** @see Builder#liveness */
  public LivenessConfig liveness() { return liveness; }
  /** @see Builder#broadcastPings */
  public boolean broadcastPings() { return broadcastPings; }
  /** @see Builder#discovery */
  public DiscoveryConfig discovery() { return discovery; }
  /** @see Builder#dataDirectory; null when none */
  public Path dataDirectory() { return dataDirectory; }

  @Override
  public String toString() {
    return "AgentConfig[name=" + name + ", node=" + (credentials == null ? "?" : credentials.nodeId())
        + ", link=" + bindAddress.getHostAddress() + ":" + linkPort + ", staticPeers=" + staticPeers + "]";
  }

  /** Builds an {@link AgentConfig}; every setter returns this builder. */
  public static final class Builder {

    private String name = defaultName(System.getenv());
    private NodeCredentials credentials;
    private MeshSecrets meshSecrets;
    private InetAddress bindAddress = LinkConfig.builder().build().bindAddress();
    private int linkPort = LinkConfig.DEFAULT_PORT;
    private List<InetSocketAddress> staticPeers = new ArrayList<>();
    private int maxFrameBytes = LinkConfig.DEFAULT_MAX_FRAME_BYTES;
    private Duration connectTimeout = LinkConfig.DEFAULT_CONNECT_TIMEOUT;
    private Duration handshakeTimeout = LinkConfig.DEFAULT_HANDSHAKE_TIMEOUT;
    private Duration idleTimeout = LinkConfig.DEFAULT_IDLE_TIMEOUT;
    private int maxInFlightCallsPerLink = LinkConfig.DEFAULT_MAX_IN_FLIGHT_CALLS_PER_LINK;
    private int linkThreads = LinkConfig.DEFAULT_IO_THREADS;
    private Duration redialInitialDelay = LinkConfig.DEFAULT_REDIAL_BACKOFF.initial();
    private Duration redialMaxDelay = LinkConfig.DEFAULT_REDIAL_BACKOFF.max();
    // Handlers may block (I/O, processes): more threads than cores, at least 4.
    private int taskThreads = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    // Room for a burst of a thousand calls or more before OVERLOADED.
    private int taskQueueCapacity = 4096;
    private final List<TaskHandler> tasks = new ArrayList<>();
    private final Map<String, Set<NodeId>> taskAllowLists = new LinkedHashMap<>();
    private boolean loadTaskPlugins = true;
    private ExternalTasks externalTasks = ExternalTasks.NONE;
    private Duration defaultCallTimeout = LinkConfig.DEFAULT_CALL_TIMEOUT;
    private Duration shutdownTimeout = LinkConfig.DEFAULT_SHUTDOWN_TIMEOUT;
    private final Set<NodeId> denyList = new LinkedHashSet<>();
    private Clock clock = Clock.systemUTC();
    private LivenessConfig liveness = LivenessConfig.defaults();
    private boolean broadcastPings = true;
    private DiscoveryConfig discovery = DiscoveryConfig.defaults();
    private Path dataDirectory;

    private Builder() {}

    private Builder(AgentConfig c) {
      name = c.name;
      credentials = c.credentials;
      meshSecrets = c.meshSecrets;
      bindAddress = c.bindAddress;
      linkPort = c.linkPort;
      staticPeers = new ArrayList<>(c.staticPeers);
      maxFrameBytes = c.maxFrameBytes;
      connectTimeout = c.connectTimeout;
      handshakeTimeout = c.handshakeTimeout;
      idleTimeout = c.idleTimeout;
      maxInFlightCallsPerLink = c.maxInFlightCallsPerLink;
      linkThreads = c.linkThreads;
      redialInitialDelay = c.redialInitialDelay;
      redialMaxDelay = c.redialMaxDelay;
      taskThreads = c.taskThreads;
      taskQueueCapacity = c.taskQueueCapacity;
      tasks.addAll(c.tasks);
      taskAllowLists.putAll(c.taskAllowLists);
      loadTaskPlugins = c.loadTaskPlugins;
      externalTasks = c.externalTasks;
      defaultCallTimeout = c.defaultCallTimeout;
      shutdownTimeout = c.shutdownTimeout;
      denyList.addAll(c.denyList);
      clock = c.clock;
      liveness = c.liveness;
      broadcastPings = c.broadcastPings;
      discovery = c.discovery;
      dataDirectory = c.dataDirectory;
    }

    /**
     * The node's human-readable name, shown in peer lists and usable to address it. 1 to 63
     * UTF-8 bytes (one mDNS label), no control characters. Default: the host name.
     */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** The node's key, certificate and trust anchors (from the identity store). Required. */
    public Builder credentials(NodeCredentials credentials) {
      this.credentials = credentials;
      return this;
    }

    /** The mesh ID and UDP ping key derived from the mesh key. Required. */
    public Builder meshSecrets(MeshSecrets meshSecrets) {
      this.meshSecrets = meshSecrets;
      return this;
    }

    /**
     * The local address the link listener binds to. Default: 0.0.0.0 (every IPv4 interface);
     * use {@code ::} for IPv4 and IPv6, or one interface's address to listen there only. A
     * loopback address keeps the whole agent on this machine: no mDNS, no broadcast pings.
     */
    public Builder bindAddress(InetAddress bindAddress) {
      this.bindAddress = bindAddress;
      return this;
    }

    /**
     * TCP port of the link listener, in [0, 65535]; 0 picks a free port (see
     * {@link Agent#linkAddress()}). Default: 47200.
     */
    public Builder linkPort(int linkPort) {
      this.linkPort = linkPort;
      return this;
    }

    /**
     * Peers given by address ({@code --peer HOST:PORT}), for peers discovery cannot see
     * (other subnets). Each is dialed at start, in the background, retried with backoff until
     * linked; it then appears in {@link Agent#peers()}. Addresses must be resolved. Default:
     * none.
     */
    public Builder staticPeers(List<InetSocketAddress> staticPeers) {
      this.staticPeers = new ArrayList<>(staticPeers);
      return this;
    }

    /** Adds one static peer; see {@link #staticPeers}. */
    public Builder staticPeer(InetSocketAddress staticPeer) {
      this.staticPeers.add(staticPeer);
      return this;
    }

    /**
     * The largest frame accepted or sent, in bytes, in [64 KiB, 1 GiB]. It bounds the payload
     * of one call or result (minus a few bytes) and the memory one connection can make this
     * node buffer; a peer announcing a larger frame is disconnected before it is read. All
     * members should use the same value. Default: 16 MiB.
     */
    public Builder maxFrameBytes(int maxFrameBytes) {
      this.maxFrameBytes = maxFrameBytes;
      return this;
    }

    /** How long a TCP connect to a peer may take, in (0, 5 min]. Default: 3 s. */
    public Builder connectTimeout(Duration connectTimeout) {
      this.connectTimeout = connectTimeout;
      return this;
    }

    /**
     * How long a new connection has for its TLS handshake and the Hello exchange, in
     * (0, 5 min]; past it the connection is closed. Default: 5 s.
     */
    public Builder handshakeTimeout(Duration handshakeTimeout) {
      this.handshakeTimeout = handshakeTimeout;
      return this;
    }

    /**
     * A link without calls for this long is closed (with GoAway); the next call redials. Zero
     * keeps links open forever; else in [1 s, 7 days]. Default: 5 min.
     */
    public Builder idleTimeout(Duration idleTimeout) {
      this.idleTimeout = idleTimeout;
      return this;
    }

    /**
     * Calls in flight per link and direction, in [1, 65536]. A call past the bound completes
     * at once with OVERLOADED instead of waiting in a queue; the smaller of both sides' values
     * applies. Default: 1024.
     */
    public Builder maxInFlightCallsPerLink(int maxInFlightCallsPerLink) {
      this.maxInFlightCallsPerLink = maxInFlightCallsPerLink;
      return this;
    }

    /** Network threads (Netty event loops) for TLS and framing, in [1, 64]. Default: 2. */
    public Builder linkThreads(int linkThreads) {
      this.linkThreads = linkThreads;
      return this;
    }

    /**
     * Delay before redialing a static peer that could not be reached, in (0, 1 h]; it doubles
     * (±20% jitter) up to {@link #redialMaxDelay}. Default: 250 ms.
     */
    public Builder redialInitialDelay(Duration redialInitialDelay) {
      this.redialInitialDelay = redialInitialDelay;
      return this;
    }

    /**
     * The longest delay between redials of a static peer, in [redialInitialDelay, 1 h].
     * Default: 30 s.
     */
    public Builder redialMaxDelay(Duration redialMaxDelay) {
      this.redialMaxDelay = redialMaxDelay;
      return this;
    }

    /**
     * Threads that run task handlers, in [1, 1024]; handlers never run on network threads.
     * Default: twice the CPUs, at least 4.
     */
    public Builder taskThreads(int taskThreads) {
      this.taskThreads = taskThreads;
      return this;
    }

    /**
     * Calls that may wait for a task thread, in [0, 1,000,000]; past it, callers get
     * OVERLOADED at once. 0 = a call runs at once or is refused. Default: 4096.
     */
    public Builder taskQueueCapacity(int taskQueueCapacity) {
      this.taskQueueCapacity = taskQueueCapacity;
      return this;
    }

    /**
     * Adds a task handler besides the built-ins ({@code echo}, {@code reverse},
     * {@code sysinfo}, {@code tasks}); names must be unique. Default: none.
     */
    public Builder task(TaskHandler handler) {
      this.tasks.add(Objects.requireNonNull(handler, "handler"));
      return this;
    }

    /**
     * Only these node IDs may call {@code task}; other members get DENIED. Without an
     * allow-list a task may be called by every member. Default: none.
     */
    public Builder allowCallers(String task, Set<NodeId> callers) {
      this.taskAllowLists.put(Objects.requireNonNull(task, "task"), Set.copyOf(callers));
      return this;
    }

    /**
     * Whether to load task handlers from plugin jars on the class path ({@code ServiceLoader},
     * {@code META-INF/services/dev.echomesh.agent.task.TaskHandler}). Default: true.
     */
    public Builder loadTaskPlugins(boolean loadTaskPlugins) {
      this.loadTaskPlugins = loadTaskPlugins;
      return this;
    }

    /**
     * Tasks served by programs outside the agent, which come and go while it runs (the local
     * API's {@code serve}); looked up after the agent's own tasks. Default: none.
     */
    public Builder externalTasks(ExternalTasks externalTasks) {
      this.externalTasks = Objects.requireNonNull(externalTasks, "externalTasks");
      return this;
    }

    /**
     * Deadline of a call made without one (a null timeout here, a Call without one from a
     * peer), in [1 ms, 1 day]. Default: 10 s.
     */
    public Builder defaultCallTimeout(Duration defaultCallTimeout) {
      this.defaultCallTimeout = defaultCallTimeout;
      return this;
    }

    /**
     * How long {@link Agent#close()} lets calls in flight finish after sending GoAway, in
     * [0, 10 min]; calls still running then end with CANCELLED. Default: 5 s.
     */
    public Builder shutdownTimeout(Duration shutdownTimeout) {
      this.shutdownTimeout = shutdownTimeout;
      return this;
    }

    /** Refuses links with {@code nodeId} (a revoked member) at the handshake. Default: none. */
    public Builder deny(NodeId nodeId) {
      this.denyList.add(Objects.requireNonNull(nodeId, "nodeId"));
      return this;
    }

    /** The wall clock, for deadlines handed to handlers and peer timestamps. Default: UTC system clock. */
    public Builder clock(Clock clock) {
      this.clock = clock;
      return this;
    }

    /**
     * UDP liveness: the port (mesh-wide: broadcasts reach only nodes on the same port), the ping
     * interval and the failure detector's suspect and dead timeouts; see {@link LivenessConfig}
     * for each value's range and reason. Its static targets are pinged besides the agent's own
     * (broadcasts, and every known peer not reached by them). Default:
     * {@link LivenessConfig#defaults()} (UDP 47200 on 0.0.0.0, a ping every 200 ms, SUSPECT after
     * 600 ms and DEAD after 1.2 s of silence).
     */
    public Builder liveness(LivenessConfig liveness) {
      this.liveness = liveness;
      return this;
    }

    /**
     * Whether pings are broadcast on the subnet of each selected interface (the interfaces of
     * {@link #discovery}'s selection). With it off, only peers already known (static peers,
     * peers found by mDNS) are pinged, by unicast: for agents that must not send to the LAN, e.g.
     * on loopback. Needs a liveness port other than 0 to reach anyone. Default: true.
     */
    public Builder broadcastPings(boolean broadcastPings) {
      this.broadcastPings = broadcastPings;
      return this;
    }

    /**
     * mDNS discovery and the interface selection (names or include/exclude patterns) that both
     * mDNS and broadcast pings use; see {@link DiscoveryConfig}. Default:
     * {@link DiscoveryConfig#defaults()} (on, every up, multicast, non-loopback, non-virtual
     * interface).
     */
    public Builder discovery(DiscoveryConfig discovery) {
      this.discovery = discovery;
      return this;
    }

    /**
     * A directory where the agent keeps what must survive restarts: the last incarnation
     * (file {@code incarnation}), so that a restarted node is recognised as a new run even when
     * the clock went back. Null (the default) derives the incarnation from the clock alone.
     */
    public Builder dataDirectory(Path dataDirectory) {
      this.dataDirectory = dataDirectory;
      return this;
    }

    /**
     * Checks every value and builds.
     *
     * @throws IllegalArgumentException naming the first option out of range
     * @throws NullPointerException naming a required option that is missing
     */
    public AgentConfig build() {
      Objects.requireNonNull(credentials, "credentials are required");
      Objects.requireNonNull(meshSecrets, "meshSecrets are required");
      Objects.requireNonNull(bindAddress, "bindAddress");
      Objects.requireNonNull(clock, "clock");
      Objects.requireNonNull(liveness, "liveness");
      Objects.requireNonNull(discovery, "discovery");
      checkName(name);
      Check.range("linkPort", linkPort, 0, 0xFFFF);
      for (InetSocketAddress peer : staticPeers) {
        Objects.requireNonNull(peer, "staticPeers contains null");
        if (peer.isUnresolved() || peer.getPort() == 0) {
          throw new IllegalArgumentException("staticPeers: " + peer + " must be a resolved address with a port in [1, 65535]");
        }
      }
      Check.range("maxFrameBytes", maxFrameBytes, 64 * 1024, 1 << 30);
      Check.range("connectTimeout", connectTimeout, Duration.ofMillis(1), Duration.ofMinutes(5));
      Check.range("handshakeTimeout", handshakeTimeout, Duration.ofMillis(1), Duration.ofMinutes(5));
      if (!Duration.ZERO.equals(idleTimeout)) {
        Check.range("idleTimeout", idleTimeout, Duration.ofSeconds(1), Duration.ofDays(7));
      }
      Check.range("maxInFlightCallsPerLink", maxInFlightCallsPerLink, 1, 65536);
      Check.range("linkThreads", linkThreads, 1, 64);
      Check.range("redialInitialDelay", redialInitialDelay, Duration.ofMillis(1), Duration.ofHours(1));
      Check.range("redialMaxDelay", redialMaxDelay, redialInitialDelay, Duration.ofHours(1));
      Check.range("taskThreads", taskThreads, 1, 1024);
      Check.range("taskQueueCapacity", taskQueueCapacity, 0, 1_000_000);
      for (String task : taskAllowLists.keySet()) {
        if (!TaskRegistry.TASK_NAME.matcher(task).matches()) {
          throw new IllegalArgumentException("allowCallers: '" + task + "' is not a task name");
        }
      }
      Check.range("defaultCallTimeout", defaultCallTimeout, Duration.ofMillis(1), Duration.ofDays(1));
      Check.range("shutdownTimeout", shutdownTimeout, Duration.ZERO, Duration.ofMinutes(10));
      return new AgentConfig(this);
    }

    private static void checkName(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isEmpty() || name.getBytes(StandardCharsets.UTF_8).length > MAX_NAME_CHARS
          || name.chars().anyMatch(Character::isISOControl)) {
        throw new IllegalArgumentException("name must be 1 to " + MAX_NAME_CHARS
            + " UTF-8 bytes without control characters, got '" + name + "'");
      }
    }
  }
}
