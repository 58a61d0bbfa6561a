package dev.echomesh.agent.link;

import dev.echomesh.agent.identity.NodeId;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Settings of the link layer. The agent builds this from its {@code AgentConfig}, which
 * documents and validates each knob for users; the defaults of the link knobs live here as
 * constants so there is one source of them.
 *
 * @param nodeName this node's name, sent in Hello
 * @param agentVersion this agent's version, sent in Hello
 * @param bindAddress address the listener binds to
 * @param port TCP port of the listener; 0 picks a free one
 * @param udpPort this node's UDP liveness port, sent in Hello; 0 = none
 * @param staticPeers addresses dialed at start (with backoff until linked)
 * @param maxFrameBytes largest frame accepted or sent, in bytes
 * @param connectTimeout how long a TCP connect may take
 * @param handshakeTimeout how long the TLS handshake plus the Hello exchange may take
 * @param idleTimeout a link with no call for this long is closed; zero = never
 * @param maxInFlightCallsPerLink calls in flight per link and direction; past it, OVERLOADED
 * @param defaultCallTimeout deadline of an incoming call that states none
 * @param shutdownTimeout how long a clean close waits for calls in flight
 * @param denyList node IDs refused at the handshake
 * @param redialBackoff delays between dials of a static peer that is not reachable yet
 * @param ioThreads network threads (Netty event loops)
 * @param busyPoll how long an event loop keeps polling after it worked before it sleeps (see
 *     {@code BusyPollStrategy}): 0 to 1 ms, default {@link #DEFAULT_BUSY_POLL}; zero = sleep at
 *     once (least CPU, slower small calls on machines where waking a CPU is slow)
 * @param nativeTransport use Linux's native epoll transport where it loads (default true); false
 *     = Java NIO everywhere
 * @param clock wall clock for the deadlines handed to task handlers
 * @param streams chunked payloads: when, how big the pieces, and the buffering bounds (default
 *     {@link StreamConfig#defaults()})
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
    Duration idleTimeout,
    int maxInFlightCallsPerLink,
    Duration defaultCallTimeout,
    Duration shutdownTimeout,
    Set<NodeId> denyList,
    Backoff redialBackoff,
    int ioThreads,
    Duration busyPoll,
    boolean nativeTransport,
    Clock clock,
    StreamConfig streams) {

  /** The protocol version this agent speaks (Hello.protocol_version). */
  public static final int PROTOCOL_VERSION = 1;
  /** Well-known link port. */
  public static final int DEFAULT_PORT = 47200;
  /** 16 MiB: room for a 10+ MiB payload while bounding what one frame can make us buffer. */
  public static final int DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;
  /** 3 s: a LAN connect takes well under a millisecond; an absent host never answers. */
  public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(3);
  /** 5 s: a mutual TLS 1.3 handshake and Hello take 1-15 ms on a LAN. */
  public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(5);
  /** 5 min: links are cheap to keep but cost a redial plus handshake (~2 ms) to restore. */
  public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofMinutes(5);
  /** 1024: enough for bursts of a thousand concurrent calls to one peer. */
  public static final int DEFAULT_MAX_IN_FLIGHT_CALLS_PER_LINK = 1024;
  /** 10 s: for calls that state no deadline. */
  public static final Duration DEFAULT_CALL_TIMEOUT = Duration.ofSeconds(10);
  /** 5 s: how long a clean stop lets calls in flight finish. */
  public static final Duration DEFAULT_SHUTDOWN_TIMEOUT = Duration.ofSeconds(5);
  /** First redial after 250 ms, doubling to at most 30 s, ±20%. */
  public static final Backoff DEFAULT_REDIAL_BACKOFF =
      Backoff.of(Duration.ofMillis(250), Duration.ofSeconds(30));
  /** 2 network threads: TLS and framing of a LAN agent's links keep one or two cores busy at most. */
  public static final int DEFAULT_IO_THREADS = 2;
  /**
   * 50 us: a caller's next call usually follows within that, and waking a sleeping loop costs
   * up to 30 us on a virtual machine. At most 50 us of CPU per burst of link activity.
   */
  public static final Duration DEFAULT_BUSY_POLL = Duration.ofNanos(50_000);
  /** The longest busy-poll window accepted. */
  public static final Duration MAX_BUSY_POLL = Duration.ofMillis(1);

  public LinkConfig {
    Objects.requireNonNull(nodeName, "nodeName");
    Objects.requireNonNull(agentVersion, "agentVersion");
    Objects.requireNonNull(bindAddress, "bindAddress");
    staticPeers = List.copyOf(staticPeers);
    Objects.requireNonNull(connectTimeout, "connectTimeout");
    Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
    Objects.requireNonNull(idleTimeout, "idleTimeout");
    Objects.requireNonNull(defaultCallTimeout, "defaultCallTimeout");
    Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    denyList = Set.copyOf(denyList);
    Objects.requireNonNull(redialBackoff, "redialBackoff");
    Objects.requireNonNull(clock, "clock");
    Objects.requireNonNull(streams, "streams");
    requirePositive("maxFrameBytes", maxFrameBytes);
    requirePositive("maxInFlightCallsPerLink", maxInFlightCallsPerLink);
    requirePositive("ioThreads", ioThreads);
    Objects.requireNonNull(busyPoll, "busyPoll");
    if (busyPoll.isNegative() || busyPoll.compareTo(MAX_BUSY_POLL) > 0) {
      throw new IllegalArgumentException("busyPoll must be 0 to " + MAX_BUSY_POLL.toNanos() / 1000 + " us, got " + busyPoll);
    }
    if (port < 0 || port > 0xFFFF || udpPort < 0 || udpPort > 0xFFFF) {
      throw new IllegalArgumentException("ports are in [0, 65535], got " + port + " and " + udpPort);
    }
  }

  /**
   * Whether a payload of {@code payloadBytes} goes whole in the Call or Result frame of a task
   * (or status message) of {@code textChars} characters: small enough for
   * {@link StreamConfig#singleFramePayloadBytes} and, with the frame's overhead counted, for the
   * frame limit. Otherwise it is chunked.
   */
  boolean fitsOneFrame(int textChars, int payloadBytes) {
    return payloadBytes <= streams.singleFramePayloadBytes()
        && FrameConverter.frameBytesBound(textChars, payloadBytes) <= maxFrameBytes;
  }

  /** The payload bytes per Chunk frame: the configured size, or less where the frame limit needs. */
  int chunkDataBytes() {
    return Math.min(streams.chunkBytes(), FrameConverter.maxChunkData(maxFrameBytes));
  }

  /** A builder with the defaults above, binding to every interface. */
  public static Builder builder() {
    return new Builder();
  }

  private static void requirePositive(String name, int value) {
    if (value <= 0) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  /** Builds a {@link LinkConfig}; every setter returns this builder. */
  public static final class Builder {
    private String nodeName = "";
    private String agentVersion = "";
    private InetAddress bindAddress = anyAddress();
    private int port = DEFAULT_PORT;
    private int udpPort;
    private List<InetSocketAddress> staticPeers = List.of();
    private int maxFrameBytes = DEFAULT_MAX_FRAME_BYTES;
    private Duration connectTimeout = DEFAULT_CONNECT_TIMEOUT;
    private Duration handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
    private Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
    private int maxInFlightCallsPerLink = DEFAULT_MAX_IN_FLIGHT_CALLS_PER_LINK;
    private Duration defaultCallTimeout = DEFAULT_CALL_TIMEOUT;
    private Duration shutdownTimeout = DEFAULT_SHUTDOWN_TIMEOUT;
    private Set<NodeId> denyList = Set.of();
    private Backoff redialBackoff = DEFAULT_REDIAL_BACKOFF;
    private int ioThreads = DEFAULT_IO_THREADS;
    private Duration busyPoll = DEFAULT_BUSY_POLL;
    private boolean nativeTransport = true;
    private Clock clock = Clock.systemUTC();
    private StreamConfig streams = StreamConfig.defaults();

    private Builder() {}

    public Builder nodeName(String v) { nodeName = v; return this; }
    public Builder agentVersion(String v) { agentVersion = v; return this; }
    public Builder bindAddress(InetAddress v) { bindAddress = v; return this; }
    public Builder port(int v) { port = v; return this; }
    public Builder udpPort(int v) { udpPort = v; return this; }
    public Builder staticPeers(List<InetSocketAddress> v) { staticPeers = v; return this; }
    public Builder maxFrameBytes(int v) { maxFrameBytes = v; return this; }
    public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
    public Builder handshakeTimeout(Duration v) { handshakeTimeout = v; return this; }
    public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
    public Builder maxInFlightCallsPerLink(int v) { maxInFlightCallsPerLink = v; return this; }
    public Builder defaultCallTimeout(Duration v) { defaultCallTimeout = v; return this; }
    public Builder shutdownTimeout(Duration v) { shutdownTimeout = v; return this; }
    public Builder denyList(Set<NodeId> v) { denyList = v; return this; }
    public Builder redialBackoff(Backoff v) { redialBackoff = v; return this; }
    public Builder ioThreads(int v) { ioThreads = v; return this; }
    public Builder busyPoll(Duration v) { busyPoll = v; return this; }
    public Builder nativeTransport(boolean v) { nativeTransport = v; return this; }
    public Builder clock(Clock v) { clock = v; return this; }
    public Builder streams(StreamConfig v) { streams = v; return this; }

    public LinkConfig build() {
      return new LinkConfig(nodeName, agentVersion, bindAddress, port, udpPort, staticPeers,
          maxFrameBytes, connectTimeout, handshakeTimeout, idleTimeout, maxInFlightCallsPerLink,
          defaultCallTimeout, shutdownTimeout, denyList, redialBackoff, ioThreads, busyPoll, nativeTransport, clock, streams);
    }

    private static InetAddress anyAddress() {
      try {
        return InetAddress.getByAddress(new byte[4]);
      } catch (UnknownHostException e) {
        throw new IllegalStateException("0.0.0.0 is not an address?", e);
      }
    }
  }
}
