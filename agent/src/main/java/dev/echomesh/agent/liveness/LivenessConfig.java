package dev.echomesh.agent.liveness;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the UDP liveness service and its failure detector. Immutable; build with {@link
 * #builder()}, which starts from the defaults. Every value is checked when built: a bad one is an
 * {@link IllegalArgumentException} naming the setting and its range.
 *
 * <p>Defaults, and why ({@link #defaults()}):
 *
 * <pre>
 * port            47200   mesh-wide: a broadcast reaches only nodes listening on the same port
 * bindAddress     0.0.0.0 wildcard: Linux delivers subnet broadcasts only to wildcard-bound sockets
 * pingInterval    200 ms  5 heartbeats a second, so deadAfter can ride out several lost ones and
 *                         still detect a crash in well under 2 s; with 1 s pings, detection under
 *                         2 s needs deadAfter under ~1.8 s, one lost ping away from a false DEAD
 * pingJitter      20 ms   +/-10% keeps nodes started together from broadcasting in lock-step
 * pongTimeout     500 ms  LAN round trips take under 5 ms; only a pong this late counts as lost
 *                         (memberlist's LAN probe timeout)
 * suspectAfter    600 ms  3 intervals: a lost ping or pong alone never shows a peer as SUSPECT
 * deadAfter       1.2 s   6 intervals: a false DEAD needs ~12 lost datagrams in a row or a 1 s
 *                         stall; detection after kill -9 takes 1.1-1.3 s
 * forgetAfter     1 h     a DEAD or LEFT device stays listed long enough to be noticed on a
 *                         dashboard or in `echomesh peers` after a break, while laptops and phones
 *                         that come and go do not pile up. The table is the operator's view, the
 *                         role of Serf's member list (failed members kept 24 h and retried, left
 *                         ones 24 h), not memberlist's (dead nodes dropped after 30 s); but here a
 *                         returning peer is back at its first ping, so keeping it longer buys no
 *                         recovery, only clutter
 * statsWindow     100     20 s of pings: enough samples for a p99 worth reading, short enough
 *                         to follow a changing network
 * maxClockSkew    24 h    tolerates an RTC kept in local time (up to 14 h off) and a day-old
 *                         fake-hwclock; replays are stopped by the sequence window, not by this
 * replayWindow    256     sequence numbers: over a second of datagrams from a node with 16 peers
 *                         (reordering on a LAN is rare and brief); 32 bytes per sender
 * staticTargets   none    only broadcast targets from the target source
 * </pre>
 *
 * <p>Traffic: each node sends one ping per target per interval and one pong per ping heard, so in a
 * mesh of N nodes on one LAN each node receives 2 (N-1) datagrams of about 150 bytes per interval
 * (16 nodes at 200 ms: 150 a second, 22 KB/s) and the LAN carries N (N-1) pongs per interval. For
 * meshes of more than ~50 nodes, or devices that must sleep, raise {@code pingInterval} and scale
 * {@code suspectAfter} and {@code deadAfter} with it.
 *
 * @param port UDP port to bind and to send pings to; 0 to 65535, 0 = any free port (for tests:
 *     broadcasts then reach no one). Default 47200.
 * @param bindAddress local address to bind; its family (IPv4/IPv6) is the socket's. Default
 *     0.0.0.0. A specific address no longer receives subnet broadcasts.
 * @param pingInterval time between ping rounds; 10 ms to 60 s. Default 200 ms. Shorter detects
 *     faster and costs more traffic.
 * @param pingJitter each round is {@code pingInterval} plus a uniformly random offset in {@code
 *     [-pingJitter, +pingJitter]}; 0 to half of {@code pingInterval}. Default 20 ms.
 * @param pongTimeout how long a pong may take and still count as an answer in the loss figure; 1 ms
 *     to 60 s. Default 500 ms. Later pongs still give round-trip samples.
 * @param suspectAfter silence after which a peer is SUSPECT; longer than {@code pingInterval}, at
 *     most 1 h. Default 600 ms.
 * @param deadAfter silence after which a peer is DEAD; longer than {@code suspectAfter}, at most 1
 *     h. Default 1.2 s.
 * @param forgetAfter silence after which a LEFT or DEAD peer is removed from the peer table (told
 *     to peer listeners as a removal; heard again, it comes back as a new ALIVE record), measured
 *     from when it was last heard, like {@code deadAfter}; 0 = never (kept until forgotten by
 *     hand), else at least {@code deadAfter} (equal: a DEAD peer is removed as soon as it is DEAD)
 *     and at most 365 days. Default 1 h. While listed, a peer that no broadcast reaches is still
 *     pinged by unicast; once removed, only its own pings (or a static target, or mDNS) bring it
 *     back.
 * @param statsWindow how many recent ping rounds the round-trip and loss figures cover; 1 to
 *     10,000. Default 100.
 * @param maxClockSkew a datagram sent (by the sender's wall clock) more than this before or after
 *     our wall clock is stale; 0 = no clock check, else 1 s to 365 days. Default 24 h.
 * @param replayWindow how far behind a sender's newest sequence number a datagram may arrive and
 *     still be accepted once; 1 to 4,096 sequence numbers. Default 256.
 * @param staticTargets peers pinged by unicast every round besides the target source's broadcast
 *     addresses, e.g. static peers on other subnets; at most 1,024, resolved addresses. Default
 *     none.
 */
public record LivenessConfig(
    int port,
    InetAddress bindAddress,
    Duration pingInterval,
    Duration pingJitter,
    Duration pongTimeout,
    Duration suspectAfter,
    Duration deadAfter,
    Duration forgetAfter,
    int statsWindow,
    Duration maxClockSkew,
    int replayWindow,
    List<InetSocketAddress> staticTargets) {

  /** The mesh-wide default UDP port. */
  public static final int DEFAULT_PORT = 47200;

  private static final Duration MIN_PING_INTERVAL = Duration.ofMillis(10);
  private static final Duration MAX_PING_INTERVAL = Duration.ofSeconds(60);
  private static final Duration MIN_PONG_TIMEOUT = Duration.ofMillis(1);
  private static final Duration MAX_PONG_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration MAX_DETECTOR_TIMEOUT = Duration.ofHours(1);
  private static final Duration MAX_FORGET_AFTER = Duration.ofDays(365);
  private static final Duration MIN_CLOCK_SKEW = Duration.ofSeconds(1);
  private static final Duration MAX_CLOCK_SKEW = Duration.ofDays(365);
  private static final int MAX_STATS_WINDOW = 10_000;
  private static final int MAX_REPLAY_WINDOW = 4_096;
  private static final int MAX_STATIC_TARGETS = 1_024;

  public LivenessConfig {
    if (port < 0 || port > DatagramCodec.MAX_PORT) {
      throw new IllegalArgumentException("port must be 0 to 65535, got " + port);
    }
    Objects.requireNonNull(bindAddress, "bindAddress");
    within("pingInterval", pingInterval, MIN_PING_INTERVAL, MAX_PING_INTERVAL);
    within("pingJitter", pingJitter, Duration.ZERO, pingInterval.dividedBy(2));
    within("pongTimeout", pongTimeout, MIN_PONG_TIMEOUT, MAX_PONG_TIMEOUT);
    Objects.requireNonNull(suspectAfter, "suspectAfter");
    if (suspectAfter.compareTo(pingInterval) <= 0
        || suspectAfter.compareTo(MAX_DETECTOR_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          "suspectAfter must be longer than pingInterval ("
              + pingInterval
              + ") and at most 1 h, got "
              + suspectAfter);
    }
    Objects.requireNonNull(deadAfter, "deadAfter");
    if (deadAfter.compareTo(suspectAfter) <= 0 || deadAfter.compareTo(MAX_DETECTOR_TIMEOUT) > 0) {
      throw new IllegalArgumentException(
          "deadAfter must be longer than suspectAfter ("
              + suspectAfter
              + ") and at most 1 h, got "
              + deadAfter);
    }
    Objects.requireNonNull(forgetAfter, "forgetAfter");
    if (!forgetAfter.isZero()
        && (forgetAfter.compareTo(deadAfter) < 0 || forgetAfter.compareTo(MAX_FORGET_AFTER) > 0)) {
      throw new IllegalArgumentException(
          "forgetAfter must be 0 (never) or at least deadAfter ("
              + deadAfter
              + ") and at most 365 days, got "
              + forgetAfter);
    }
    if (statsWindow < 1 || statsWindow > MAX_STATS_WINDOW) {
      throw new IllegalArgumentException(
          "statsWindow must be 1 to " + MAX_STATS_WINDOW + ", got " + statsWindow);
    }
    Objects.requireNonNull(maxClockSkew, "maxClockSkew");
    if (!maxClockSkew.isZero()) {
      within("maxClockSkew", maxClockSkew, MIN_CLOCK_SKEW, MAX_CLOCK_SKEW);
    }
    if (replayWindow < 1 || replayWindow > MAX_REPLAY_WINDOW) {
      throw new IllegalArgumentException(
          "replayWindow must be 1 to " + MAX_REPLAY_WINDOW + ", got " + replayWindow);
    }
    staticTargets = List.copyOf(Objects.requireNonNull(staticTargets, "staticTargets"));
    if (staticTargets.size() > MAX_STATIC_TARGETS) {
      throw new IllegalArgumentException(
          "staticTargets holds at most "
              + MAX_STATIC_TARGETS
              + " addresses, got "
              + staticTargets.size());
    }
    for (InetSocketAddress target : staticTargets) {
      if (target.isUnresolved()) {
        throw new IllegalArgumentException(
            "static target " + target + " is not resolved to an IP address");
      }
    }
  }

  /** The defaults, as documented on this class. */
  public static LivenessConfig defaults() {
    return builder().build();
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder starting from this config's values. */
  public Builder toBuilder() {
    return new Builder(this);
  }

  private static void within(String name, Duration value, Duration min, Duration max) {
    Objects.requireNonNull(value, name);
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw new IllegalArgumentException(
          name + " must be " + min + " to " + max + ", got " + value);
    }
  }

  /** Builds a {@link LivenessConfig}; each setter's range and default are on the record. */
  public static final class Builder {
    private int port = DEFAULT_PORT;
    private InetAddress bindAddress = wildcardV4();
    private Duration pingInterval = Duration.ofMillis(200);
    private Duration pingJitter = Duration.ofMillis(20);
    private Duration pongTimeout = Duration.ofMillis(500);
    private Duration suspectAfter = Duration.ofMillis(600);
    private Duration deadAfter = Duration.ofMillis(1200);
    private Duration forgetAfter = Duration.ofHours(1);
    private int statsWindow = 100;
    private Duration maxClockSkew = Duration.ofHours(24);
    private int replayWindow = 256;
    private final List<InetSocketAddress> staticTargets = new ArrayList<>();

    private Builder() {}

    private Builder(LivenessConfig config) {
      port = config.port;
      bindAddress = config.bindAddress;
      pingInterval = config.pingInterval;
      pingJitter = config.pingJitter;
      pongTimeout = config.pongTimeout;
      suspectAfter = config.suspectAfter;
      deadAfter = config.deadAfter;
      forgetAfter = config.forgetAfter;
      statsWindow = config.statsWindow;
      maxClockSkew = config.maxClockSkew;
      replayWindow = config.replayWindow;
      staticTargets.addAll(config.staticTargets);
    }

    /** UDP port; 0 to 65535, 0 = any free port. Default 47200. */
    public Builder port(int port) {
      this.port = port;
      return this;
    }

    /** Local address to bind. Default 0.0.0.0. */
    public Builder bindAddress(InetAddress bindAddress) {
      this.bindAddress = bindAddress;
      return this;
    }

    /** Time between ping rounds; 10 ms to 60 s. Default 200 ms. */
    public Builder pingInterval(Duration pingInterval) {
      this.pingInterval = pingInterval;
      return this;
    }

    /** Random offset added to each interval; 0 to pingInterval / 2. Default 20 ms. */
    public Builder pingJitter(Duration pingJitter) {
      this.pingJitter = pingJitter;
      return this;
    }

    /** Longest round trip that still counts as answered for loss; 1 ms to 60 s. Default 500 ms. */
    public Builder pongTimeout(Duration pongTimeout) {
      this.pongTimeout = pongTimeout;
      return this;
    }

    /** Silence until SUSPECT; above pingInterval, at most 1 h. Default 600 ms. */
    public Builder suspectAfter(Duration suspectAfter) {
      this.suspectAfter = suspectAfter;
      return this;
    }

    /** Silence until DEAD; above suspectAfter, at most 1 h. Default 1.2 s. */
    public Builder deadAfter(Duration deadAfter) {
      this.deadAfter = deadAfter;
      return this;
    }

    /**
     * Silence until a LEFT or DEAD peer leaves the peer table; 0 = never, else at least deadAfter,
     * at most 365 days. Default 1 h.
     */
    public Builder forgetAfter(Duration forgetAfter) {
      this.forgetAfter = forgetAfter;
      return this;
    }

    /** Rounds covered by round-trip and loss figures; 1 to 10,000. Default 100. */
    public Builder statsWindow(int statsWindow) {
      this.statsWindow = statsWindow;
      return this;
    }

    /** Staleness bound against our wall clock; 0 = off, else 1 s to 365 days. Default 24 h. */
    public Builder maxClockSkew(Duration maxClockSkew) {
      this.maxClockSkew = maxClockSkew;
      return this;
    }

    /** Reorder window in sequence numbers; 1 to 4,096. Default 256. */
    public Builder replayWindow(int replayWindow) {
      this.replayWindow = replayWindow;
      return this;
    }

    /** Adds a peer to ping by unicast every round. */
    public Builder addStaticTarget(InetSocketAddress target) {
      staticTargets.add(Objects.requireNonNull(target, "target"));
      return this;
    }

    /** Replaces the static targets. */
    public Builder staticTargets(List<InetSocketAddress> targets) {
      staticTargets.clear();
      targets.forEach(this::addStaticTarget);
      return this;
    }

    /**
     * @throws IllegalArgumentException naming the first setting out of range
     */
    public LivenessConfig build() {
      return new LivenessConfig(
          port,
          bindAddress,
          pingInterval,
          pingJitter,
          pongTimeout,
          suspectAfter,
          deadAfter,
          forgetAfter,
          statsWindow,
          maxClockSkew,
          replayWindow,
          staticTargets);
    }

    private static InetAddress wildcardV4() {
      return new InetSocketAddress("0.0.0.0", 0).getAddress();
    }
  }
}
