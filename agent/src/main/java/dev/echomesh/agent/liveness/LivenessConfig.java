package dev.echomesh.agent.liveness;

import dev.echomesh.agent.settings.Check;
import dev.echomesh.agent.settings.Setting;
import dev.echomesh.agent.settings.Setting.Kind;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the UDP liveness service and its failure detector. Immutable; build with {@link
 * #builder()}, which starts from the defaults. Each setting is defined once, as a {@link Setting}
 * constant (config-file key, default, range, description); every value is checked when built: a
 * bad one is a {@link dev.echomesh.agent.settings.SettingException} naming the setting and its range.
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
 *                         stall of the peer; detection after kill -9 takes 1.1-1.3 s. A stall of
 *                         this node itself does not count as the peers' silence (LocalHealth)
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

  public static final Setting<Integer> PORT = Setting.integer("liveness.port", 47200, 0, DatagramCodec.MAX_PORT,
      "UDP port of liveness pings, the same on every node: a broadcast reaches only nodes on the same port."
          + " 0 picks a free port, which only static peers can reach.");
  public static final Setting<InetAddress> BIND = Setting.of("liveness.bind", Kind.ADDRESS, wildcardV4(),
      "\"0.0.0.0\"", "an IP address of this machine",
      "Local address of the UDP socket; a specific address no longer receives subnet broadcasts.");
  public static final Setting<Duration> PING_INTERVAL = Setting.duration("liveness.ping-interval",
      Duration.ofMillis(200), Duration.ofMillis(10), Duration.ofSeconds(60),
      "Time between ping rounds: shorter detects a dead peer faster and costs more traffic.");
  public static final Setting<Duration> PING_JITTER = Setting.duration("liveness.ping-jitter",
      Duration.ofMillis(20), Duration.ZERO, Duration.ofSeconds(30),
      "Random offset (+/-) added to each interval, at most half of liveness.ping-interval, so nodes started"
          + " together do not ping in lock-step.");
  public static final Setting<Duration> PONG_TIMEOUT = Setting.duration("liveness.pong-timeout",
      Duration.ofMillis(500), Duration.ofMillis(1), Duration.ofSeconds(60),
      "How long a pong may take and still count as an answer in the loss figure.");
  public static final Setting<Duration> SUSPECT_AFTER = Setting.duration("liveness.suspect-after",
      Duration.ofMillis(600), Duration.ofMillis(11), Duration.ofHours(1),
      "Silence after which a peer is SUSPECT; longer than liveness.ping-interval.");
  public static final Setting<Duration> DEAD_AFTER = Setting.duration("liveness.dead-after",
      Duration.ofMillis(1200), Duration.ofMillis(12), Duration.ofHours(1),
      "Silence after which a peer is DEAD (its links close); silence while this agent itself stalled (its"
          + " failure detector ran late) does not count; longer than liveness.suspect-after.");
  public static final Setting<Duration> FORGET_AFTER = Setting.durationOrZero("liveness.forget-after",
      Duration.ofHours(1), Duration.ofMillis(12), Duration.ofDays(365),
      "Silence after which a LEFT or DEAD peer leaves the peer table (heard again, it comes back as new);"
          + " at least liveness.dead-after; 0 keeps them until forgotten.");
  public static final Setting<Integer> STATS_WINDOW = Setting.integer("liveness.stats-window", 100, 1, 10_000,
      "How many recent ping rounds the round-trip and loss figures cover.");
  public static final Setting<Duration> MAX_CLOCK_SKEW = Setting.durationOrZero("liveness.max-clock-skew",
      Duration.ofHours(24), Duration.ofSeconds(1), Duration.ofDays(365),
      "A datagram stamped (by its sender's wall clock) further than this from ours is stale; 0 turns the"
          + " check off. Replays are stopped by the sequence window, not by this.");
  public static final Setting<Integer> REPLAY_WINDOW = Setting.integer("liveness.replay-window", 256, 1, 4_096,
      "How far behind a sender's newest sequence number a datagram may arrive and still be accepted once.");
  /** The settings above, in the order the reference page lists them. */
  public static final List<Setting<?>> SETTINGS = List.of(PORT, BIND, PING_INTERVAL, PING_JITTER, PONG_TIMEOUT,
      SUSPECT_AFTER, DEAD_AFTER, FORGET_AFTER, STATS_WINDOW, MAX_CLOCK_SKEW, REPLAY_WINDOW);

  /** The mesh-wide default UDP port. */
  public static final int DEFAULT_PORT = PORT.defaultValue();

  private static final int MAX_STATIC_TARGETS = 1_024;

  /**
   * @throws dev.echomesh.agent.settings.SettingException naming the first setting out of range
   */
  public LivenessConfig {
    PORT.check(port);
    Objects.requireNonNull(bindAddress, BIND.key());
    PING_INTERVAL.check(pingInterval);
    Check.range(PING_JITTER.key(), pingJitter, Duration.ZERO, pingInterval.dividedBy(2));
    PONG_TIMEOUT.check(pongTimeout);
    SUSPECT_AFTER.check(suspectAfter);
    Check.longerThan(SUSPECT_AFTER.key(), suspectAfter, PING_INTERVAL.key(), pingInterval);
    DEAD_AFTER.check(deadAfter);
    Check.longerThan(DEAD_AFTER.key(), deadAfter, SUSPECT_AFTER.key(), suspectAfter);
    FORGET_AFTER.check(forgetAfter);
    Check.zeroOrAtLeast(FORGET_AFTER.key(), forgetAfter, DEAD_AFTER.key(), deadAfter);
    STATS_WINDOW.check(statsWindow);
    MAX_CLOCK_SKEW.check(maxClockSkew);
    REPLAY_WINDOW.check(replayWindow);
    staticTargets = List.copyOf(Objects.requireNonNull(staticTargets, "staticTargets"));
    Check.range("staticTargets (count)", staticTargets.size(), 0, MAX_STATIC_TARGETS);
    for (InetSocketAddress target : staticTargets) {
      Check.that(!target.isUnresolved(), "staticTargets", "resolved to an IP address", target);
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

  /** Builds a {@link LivenessConfig}; each setter's range and default are on the record. */
  public static final class Builder {
    private int port = PORT.defaultValue();
    private InetAddress bindAddress = BIND.defaultValue();
    private Duration pingInterval = PING_INTERVAL.defaultValue();
    private Duration pingJitter = PING_JITTER.defaultValue();
    private Duration pongTimeout = PONG_TIMEOUT.defaultValue();
    private Duration suspectAfter = SUSPECT_AFTER.defaultValue();
    private Duration deadAfter = DEAD_AFTER.defaultValue();
    private Duration forgetAfter = FORGET_AFTER.defaultValue();
    private int statsWindow = STATS_WINDOW.defaultValue();
    private Duration maxClockSkew = MAX_CLOCK_SKEW.defaultValue();
    private int replayWindow = REPLAY_WINDOW.defaultValue();
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

  }

  private static InetAddress wildcardV4() {
    return new InetSocketAddress("0.0.0.0", 0).getAddress();
  }
}
