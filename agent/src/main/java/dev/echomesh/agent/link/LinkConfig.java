package dev.echomesh.agent.link;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.time.Ticker;
import dev.echomesh.agent.settings.Check;
import dev.echomesh.agent.settings.Setting;
import dev.echomesh.agent.settings.Setting.Kind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the link layer, nested in the agent's configuration as liveness and discovery are.
 * Each setting a user may change is defined once, as a {@link Setting} constant below holding its
 * config-file key, default, range and description; the builder takes its defaults from them and
 * {@link #LinkConfig the constructor} checks every value with them. The agent fills in the
 * runtime values ({@code nodeName}, {@code agentVersion}, {@code udpPort}, {@code clock}).
 *
 * @param nodeName this node's name, sent in Hello (runtime)
 * @param agentVersion this agent's version, sent in Hello (runtime)
 * @param bindAddress {@link #BIND}
 * @param port {@link #PORT}
 * @param udpPort this node's UDP liveness port, sent in Hello; 0 = none (runtime)
 * @param staticPeers {@link #PEERS}
 * @param maxFrameBytes {@link #MAX_FRAME_BYTES}
 * @param connectTimeout {@link #CONNECT_TIMEOUT}
 * @param handshakeTimeout {@link #HANDSHAKE_TIMEOUT}
 * @param maxPendingConnections {@link #MAX_PENDING_CONNECTIONS}
 * @param maxPendingPerAddress {@link #MAX_PENDING_PER_ADDRESS}
 * @param idleTimeout {@link #IDLE_TIMEOUT}
 * @param maxInFlightCallsPerLink {@link #MAX_IN_FLIGHT_CALLS}
 * @param defaultCallTimeout {@link #CALL_TIMEOUT}
 * @param shutdownTimeout {@link #SHUTDOWN_TIMEOUT}
 * @param redialBackoff {@link #REDIAL_INITIAL_DELAY} and {@link #REDIAL_MAX_DELAY}
 * @param ioThreads {@link #THREADS}
 * @param busyPoll {@link #BUSY_POLL}
 * @param nativeTransport {@link #NATIVE_TRANSPORT}
 * @param clock wall clock for the deadline instants handed to task handlers, for their information:
 *     deadlines are enforced on {@code ticker} (runtime)
 * @param ticker the agent's monotonic ticker: call deadlines, idle links and the shutdown wait are
 *     measured on it (runtime)
 * @param streams chunked payloads: when, how big the pieces, and the buffering bounds (default
 *     {@link StreamConfig#defaults()}; not yet settable in the config file)
 */
public record LinkConfig(
    String nodeName,
    String agentVersion,
    InetAddress bindAddress,
    int port,
    int udpPort,
    List<InetSocketAddress> staticPeers,
    int maxFrameBytes,
    Duration connectTimeout,
    Duration handshakeTimeout,
    int maxPendingConnections,
    int maxPendingPerAddress,
    Duration idleTimeout,
    int maxInFlightCallsPerLink,
    Duration defaultCallTimeout,
    Duration shutdownTimeout,
    Backoff redialBackoff,
    int ioThreads,
    Duration busyPoll,
    boolean nativeTransport,
    Clock clock,
    Ticker ticker,
    StreamConfig streams) {

  /** The newest protocol version this agent speaks (Hello.protocol_version). */
  public static final int PROTOCOL_VERSION = PeerProtocol.NEWEST_VERSION;

  public static final Setting<InetAddress> BIND = Setting.of("link.bind", Kind.ADDRESS, anyAddress(), "\"0.0.0.0\"",
      "an IP address of this machine",
      "Local address the link listener binds to: 0.0.0.0 for every IPv4 interface, :: for IPv4 and IPv6, or one"
          + " interface's address. A loopback address needs mDNS and broadcast pings off (the command line's"
          + " --bind 127.0.0.1 turns them off).");
  /** Well-known link port. */
  public static final Setting<Integer> PORT = Setting.integer("link.port", 47200, 0, 0xFFFF,
      "TCP port of the link listener; 0 picks a free port.");
  public static final Setting<List<InetSocketAddress>> PEERS = Setting.of("link.peers", Kind.HOST_PORT_LIST,
      List.of(), "[]", "resolved \"HOST:PORT\" addresses, port 1 to 65535; \"HOST\" alone means port 47200",
      "Peers given by address, for peers discovery cannot see (other subnets); each is dialed at start and"
          + " redialed with backoff until linked.");
  /** 16 MiB: room for a 10+ MiB payload while bounding what one frame can make us buffer. */
  public static final Setting<Integer> MAX_FRAME_BYTES = Setting.integer("link.max-frame-bytes",
      16 * 1024 * 1024, 64 * 1024, 1 << 30,
      "Largest frame accepted, in bytes: it bounds what one connection can make this node buffer at once."
          + " Announced to peers in Hello; each side sends frames no larger than the smaller of both limits,"
          + " chunking larger payloads. Members from before the announcement assume 16 MiB.");
  /** 3 s: a LAN connect takes well under a millisecond; an absent host never answers. */
  public static final Setting<Duration> CONNECT_TIMEOUT = Setting.duration("link.connect-timeout",
      Duration.ofSeconds(3), Duration.ofMillis(1), Duration.ofMinutes(5),
      "How long a TCP connect to a peer may take.");
  /**
   * 5 s: a mutual TLS 1.3 handshake and Hello take 1-15 ms on a LAN; 5 s leaves room for a loaded
   * Raspberry Pi while an idle connection holds its slot among the pending ones for 5 s at most.
   */
  public static final Setting<Duration> HANDSHAKE_TIMEOUT = Setting.duration("link.handshake-timeout",
      Duration.ofSeconds(5), Duration.ofMillis(1), Duration.ofMinutes(5),
      "How long a new connection has for its TLS handshake and Hello exchange before it is closed: the"
          + " bound on how long an idle or slow connection that is not (yet) a member's link stays open.");
  /**
   * 256: each connection waiting for its handshake holds a file descriptor and up to ~50 KiB of TLS
   * buffers, so at most 256 descriptors and ~13 MiB; handshakes take milliseconds, so even a mesh of
   * hundreds of members redialing at once fits.
   */
  public static final Setting<Integer> MAX_PENDING_CONNECTIONS = Setting.integer("link.max-pending-connections",
      256, 1, 65536,
      "Incoming connections that may wait for their TLS handshake and Hello at once; more are closed at once"
          + " and counted. Bounds what idle or junk connections can take (descriptors, memory); links already"
          + " up are not counted.");
  /**
   * 32: a member has at most two connections to us in handshake (its dial and a crossing one); 32
   * leaves room for several agents behind one address (NAT, tests on loopback) while one flooding
   * host holds at most an eighth of link.max-pending-connections.
   */
  public static final Setting<Integer> MAX_PENDING_PER_ADDRESS = Setting.integer("link.max-pending-per-address",
      32, 1, 65536,
      "Incoming connections from one source address that may wait for their TLS handshake and Hello at once;"
          + " more from that address are closed at once and counted, so one flooding host cannot take every"
          + " slot of link.max-pending-connections.");
  /** 5 min: links are cheap to keep but cost a redial plus handshake (~2 ms) to restore. */
  public static final Setting<Duration> IDLE_TIMEOUT = Setting.durationOrZero("link.idle-timeout",
      Duration.ofMinutes(5), Duration.ofSeconds(1), Duration.ofDays(7),
      "A link without calls for this long is closed (the next call redials); 0 keeps links open.");
  /** 1024: enough for bursts of a thousand concurrent calls to one peer. */
  public static final Setting<Integer> MAX_IN_FLIGHT_CALLS = Setting.integer("link.max-in-flight-calls",
      1024, 1, 65536,
      "Calls in flight per link and direction; past it a call ends at once with OVERLOADED. The smaller of"
          + " both sides' values applies.");
  /** 10 s: for calls that state no deadline. */
  public static final Setting<Duration> CALL_TIMEOUT = Setting.duration("link.default-call-timeout",
      Duration.ofSeconds(10), Duration.ofMillis(1), Duration.ofDays(1),
      "Deadline of a call made without one (here or by a peer).");
  /** 5 s: how long a clean stop lets calls in flight finish. */
  public static final Setting<Duration> SHUTDOWN_TIMEOUT = Setting.duration("link.shutdown-timeout",
      Duration.ofSeconds(5), Duration.ZERO, Duration.ofMinutes(10),
      "How long a clean stop lets calls in flight finish after telling peers; calls still running then end"
          + " CANCELLED.");
  /** First redial after 250 ms. */
  public static final Setting<Duration> REDIAL_INITIAL_DELAY = Setting.duration("link.redial-initial-delay",
      Duration.ofMillis(250), Duration.ofMillis(1), Duration.ofHours(1),
      "Delay before redialing a static peer that could not be reached; it doubles (+/-20% jitter) up to"
          + " link.redial-max-delay.");
  /** Doubling to at most 30 s. */
  public static final Setting<Duration> REDIAL_MAX_DELAY = Setting.duration("link.redial-max-delay",
      Duration.ofSeconds(30), Duration.ofMillis(1), Duration.ofHours(1),
      "Longest delay between redials of a static peer; at least link.redial-initial-delay.");
  /** 2 network threads: TLS and framing of a LAN agent's links keep one or two cores busy at most. */
  public static final Setting<Integer> THREADS = Setting.integer("link.threads", 2, 1, 64,
      "Network threads (event loops) for TLS and framing.");
  /**
   * 50 us: a caller's next call usually follows within that, and waking a sleeping loop costs
   * up to 30 us on a virtual machine. At most 50 us of CPU per burst of link activity.
   */
  public static final Setting<Duration> BUSY_POLL = Setting.duration("link.busy-poll",
      Duration.ofNanos(50_000), Duration.ZERO, Duration.ofMillis(1),
      "How long a network thread keeps polling after it worked before it sleeps; 0 sleeps at once (least CPU,"
          + " slower small calls where waking a CPU is slow).");
  public static final Setting<Boolean> NATIVE_TRANSPORT = Setting.flag("link.native-transport", true,
      "Use Linux's native epoll transport where it loads; false uses Java NIO everywhere.");

  /** Well-known link port. */
  public static final int DEFAULT_PORT = PORT.defaultValue();
  /** @see #MAX_FRAME_BYTES */
  public static final int DEFAULT_MAX_FRAME_BYTES = MAX_FRAME_BYTES.defaultValue();
  /** @see #CALL_TIMEOUT */
  public static final Duration DEFAULT_CALL_TIMEOUT = CALL_TIMEOUT.defaultValue();
  /** The settings above, in the order the reference page lists them. */
  public static final List<Setting<?>> SETTINGS = List.of(BIND, PORT, PEERS, MAX_FRAME_BYTES, CONNECT_TIMEOUT,
      HANDSHAKE_TIMEOUT, MAX_PENDING_CONNECTIONS, MAX_PENDING_PER_ADDRESS, IDLE_TIMEOUT, MAX_IN_FLIGHT_CALLS, CALL_TIMEOUT, SHUTDOWN_TIMEOUT,
      REDIAL_INITIAL_DELAY, REDIAL_MAX_DELAY, THREADS, BUSY_POLL, NATIVE_TRANSPORT);

  /**
   * @throws dev.echomesh.agent.settings.SettingException naming the first setting out of range
   */
  public LinkConfig {
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(agentVersion, "agentVersion");
    Objects.requireNonNull(bindAddress, BIND.key());
    PORT.check(port);
    Check.range("udpPort", udpPort, 0, 0xFFFF);
    staticPeers = List.copyOf(staticPeers);
    for (InetSocketAddress peer : staticPeers) {
      Check.that(!peer.isUnresolved() && peer.getPort() != 0, PEERS.key(), PEERS.allowed(), peer);
    }
    MAX_FRAME_BYTES.check(maxFrameBytes);
    CONNECT_TIMEOUT.check(connectTimeout);
    HANDSHAKE_TIMEOUT.check(handshakeTimeout);
    MAX_PENDING_CONNECTIONS.check(maxPendingConnections);
    MAX_PENDING_PER_ADDRESS.check(maxPendingPerAddress);
    IDLE_TIMEOUT.check(idleTimeout);
    MAX_IN_FLIGHT_CALLS.check(maxInFlightCallsPerLink);
    CALL_TIMEOUT.check(defaultCallTimeout);
    SHUTDOWN_TIMEOUT.check(shutdownTimeout);
    Objects.requireNonNull(redialBackoff, "redialBackoff");
    REDIAL_INITIAL_DELAY.check(redialBackoff.initial());
    REDIAL_MAX_DELAY.check(redialBackoff.max());
    Check.atLeast(REDIAL_MAX_DELAY.key(), redialBackoff.max(), REDIAL_INITIAL_DELAY.key(), redialBackoff.initial());
    THREADS.check(ioThreads);
    BUSY_POLL.check(busyPoll);
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(ticker, "ticker");
    Objects.requireNonNull(streams, "streams");
  }

  /** {@link #fitsOneFrame(int, int, int)} under this node's own frame limit. */
  boolean fitsOneFrame(int textChars, int payloadBytes) {
    return fitsOneFrame(textChars, payloadBytes, maxFrameBytes);
  }

  /**
   * Whether a payload of {@code payloadBytes} goes whole in the Call or Result frame of a task
   * (or status message) of {@code textChars} characters: small enough for
   * {@link StreamConfig#singleFramePayloadBytes} and, with the frame's overhead counted, for
   * {@code frameLimitBytes} (on a link: the smaller of both sides' limits). Otherwise it is chunked.
   */
  boolean fitsOneFrame(int textChars, int payloadBytes, int frameLimitBytes) {
    return payloadBytes <= streams.singleFramePayloadBytes()
        && FrameConverter.frameBytesBound(textChars, payloadBytes) <= frameLimitBytes;
  }

  /** {@link #chunkDataBytes(int)} under this node's own frame limit. */
  int chunkDataBytes() {
    return chunkDataBytes(maxFrameBytes);
  }

  /**
   * The payload bytes per Chunk frame: the configured size, or less where {@code frameLimitBytes}
   * (on a link: the smaller of both sides' limits) needs.
   */
  int chunkDataBytes(int frameLimitBytes) {
    return Math.min(streams.chunkBytes(), FrameConverter.maxChunkData(frameLimitBytes));
  }

  /** A builder with the defaults above, binding to every interface. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this configuration's values. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.nodeName = nodeName;
    b.agentVersion = agentVersion;
    b.bindAddress = bindAddress;
    b.port = port;
    b.udpPort = udpPort;
    b.staticPeers = staticPeers;
    b.maxFrameBytes = maxFrameBytes;
    b.connectTimeout = connectTimeout;
    b.handshakeTimeout = handshakeTimeout;
    b.maxPendingConnections = maxPendingConnections;
    b.maxPendingPerAddress = maxPendingPerAddress;
    b.idleTimeout = idleTimeout;
    b.maxInFlightCallsPerLink = maxInFlightCallsPerLink;
    b.defaultCallTimeout = defaultCallTimeout;
    b.shutdownTimeout = shutdownTimeout;
    b.redialInitialDelay = redialBackoff.initial();
    b.redialMaxDelay = redialBackoff.max();
    b.ioThreads = ioThreads;
    b.busyPoll = busyPoll;
    b.nativeTransport = nativeTransport;
    b.clock = clock;
    return b;
  }

  private static InetAddress anyAddress() {
    try {
      return InetAddress.getByAddress(new byte[4]);
    } catch (UnknownHostException e) {
      throw new IllegalStateException("0.0.0.0 is not an address?", e);
    }
  }

  /** Builds a {@link LinkConfig}; every setter returns this builder; each value's rules are on its setting. */
  public static final class Builder {
    private String nodeName = "";
    private String agentVersion = "";
    private InetAddress bindAddress = BIND.defaultValue();
    private int port = PORT.defaultValue();
    private int udpPort;
    private List<InetSocketAddress> staticPeers = PEERS.defaultValue();
    private int maxFrameBytes = MAX_FRAME_BYTES.defaultValue();
    private Duration connectTimeout = CONNECT_TIMEOUT.defaultValue();
    private Duration handshakeTimeout = HANDSHAKE_TIMEOUT.defaultValue();
    private int maxPendingConnections = MAX_PENDING_CONNECTIONS.defaultValue();
    private int maxPendingPerAddress = MAX_PENDING_PER_ADDRESS.defaultValue();
    private Duration idleTimeout = IDLE_TIMEOUT.defaultValue();
    private int maxInFlightCallsPerLink = MAX_IN_FLIGHT_CALLS.defaultValue();
    private Duration defaultCallTimeout = CALL_TIMEOUT.defaultValue();
    private Duration shutdownTimeout = SHUTDOWN_TIMEOUT.defaultValue();
    private Duration redialInitialDelay = REDIAL_INITIAL_DELAY.defaultValue();
    private Duration redialMaxDelay = REDIAL_MAX_DELAY.defaultValue();
    private int ioThreads = THREADS.defaultValue();
    private Duration busyPoll = BUSY_POLL.defaultValue();
    private boolean nativeTransport = NATIVE_TRANSPORT.defaultValue();
    private Clock clock = Clock.systemUTC();
    private Ticker ticker = Ticker.system();
    private StreamConfig streams = StreamConfig.defaults();

    private Builder() {}

    /** This node's name, sent in Hello (set by the agent). */
    public Builder nodeName(String v) { nodeName = v; return this; }
    /** This agent's version, sent in Hello (set by the agent). */
    public Builder agentVersion(String v) { agentVersion = v; return this; }
    /** @see LinkConfig#BIND */
    public Builder bindAddress(InetAddress v) { bindAddress = v; return this; }
    /** @see LinkConfig#PORT */
    public Builder port(int v) { port = v; return this; }
    /** This node's UDP liveness port, sent in Hello (set by the agent). */
    public Builder udpPort(int v) { udpPort = v; return this; }
    /** @see LinkConfig#PEERS */
    public Builder staticPeers(List<InetSocketAddress> v) { staticPeers = List.copyOf(v); return this; }
    /** Adds one static peer; see {@link LinkConfig#PEERS}. */
    public Builder staticPeer(InetSocketAddress v) {
      staticPeers = java.util.stream.Stream.concat(staticPeers.stream(), java.util.stream.Stream.of(v)).toList();
      return this;
    }
    /** @see LinkConfig#MAX_FRAME_BYTES */
    public Builder maxFrameBytes(int v) { maxFrameBytes = v; return this; }
    /** @see LinkConfig#CONNECT_TIMEOUT */
    public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
    /** @see LinkConfig#HANDSHAKE_TIMEOUT */
    public Builder handshakeTimeout(Duration v) { handshakeTimeout = v; return this; }
    /** @see LinkConfig#MAX_PENDING_CONNECTIONS */
    public Builder maxPendingConnections(int v) { maxPendingConnections = v; return this; }
    /** @see LinkConfig#MAX_PENDING_PER_ADDRESS */
    public Builder maxPendingPerAddress(int v) { maxPendingPerAddress = v; return this; }
    /** @see LinkConfig#IDLE_TIMEOUT */
    public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
    /** @see LinkConfig#MAX_IN_FLIGHT_CALLS */
    public Builder maxInFlightCallsPerLink(int v) { maxInFlightCallsPerLink = v; return this; }
    /** @see LinkConfig#CALL_TIMEOUT */
    public Builder defaultCallTimeout(Duration v) { defaultCallTimeout = v; return this; }
    /** @see LinkConfig#SHUTDOWN_TIMEOUT */
    public Builder shutdownTimeout(Duration v) { shutdownTimeout = v; return this; }
    /** Both redial delays at once; see {@link LinkConfig#REDIAL_INITIAL_DELAY}. */
    public Builder redialBackoff(Backoff v) {
      redialInitialDelay = v.initial();
      redialMaxDelay = v.max();
      return this;
    }
    /** @see LinkConfig#REDIAL_INITIAL_DELAY */
    public Builder redialInitialDelay(Duration v) { redialInitialDelay = v; return this; }
    /** @see LinkConfig#REDIAL_MAX_DELAY */
    public Builder redialMaxDelay(Duration v) { redialMaxDelay = v; return this; }
    /** @see LinkConfig#THREADS */
    public Builder ioThreads(int v) { ioThreads = v; return this; }
    /** @see LinkConfig#BUSY_POLL */
    public Builder busyPoll(Duration v) { busyPoll = v; return this; }
    /** @see LinkConfig#NATIVE_TRANSPORT */
    public Builder nativeTransport(boolean v) { nativeTransport = v; return this; }
    /** The wall clock (set by the agent). */
    public Builder clock(Clock v) { clock = v; return this; }
    public Builder ticker(Ticker v) { ticker = v; return this; }
    public Builder streams(StreamConfig v) { streams = v; return this; }

    /**
     * @throws dev.echomesh.agent.settings.SettingException naming the first setting out of range
     */
    public LinkConfig build() {
      Objects.requireNonNull(redialInitialDelay, REDIAL_INITIAL_DELAY.key());
      Objects.requireNonNull(redialMaxDelay, REDIAL_MAX_DELAY.key());
      return new LinkConfig(nodeName, agentVersion, bindAddress, port, udpPort, staticPeers,
          maxFrameBytes, connectTimeout, handshakeTimeout, maxPendingConnections, maxPendingPerAddress, idleTimeout, maxInFlightCallsPerLink,
          defaultCallTimeout, shutdownTimeout, backoff(redialInitialDelay, redialMaxDelay), ioThreads, busyPoll,
          nativeTransport, clock, ticker, streams);
    }

    private static Backoff backoff(Duration initial, Duration max) {
      REDIAL_INITIAL_DELAY.check(initial);
      REDIAL_MAX_DELAY.check(max);
      Check.atLeast(REDIAL_MAX_DELAY.key(), max, REDIAL_INITIAL_DELAY.key(), initial);
      return Backoff.of(initial, max);
    }
  }
}
