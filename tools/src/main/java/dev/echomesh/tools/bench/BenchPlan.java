package dev.echomesh.tools.bench;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one run measures and how long each measurement may take.
 *
 * @param mode "quick", "full" or "smoke"; written to the report
 * @param rounds how many slices each call figure is measured in, contenders taking turns
 * @param jitWarmup calls each contender makes, one at a time, before its first measurement,
 *     so the JIT has compiled its hot paths (later payload sizes warm up for {@code
 *     latency.warmup()} only)
 * @param latency per contender and payload size: warm-up, then measured time and calls over
 *     all rounds
 * @param throughput per contender and payload size: pipelined warm-up, then per in-flight
 *     level the measured time and calls over all rounds
 * @param udp budget of each UDP round-trip measurement
 * @param payloadSizes payload sizes in bytes; the first is the one the ratios use
 * @param inFlight calls in flight for the throughput of pipelined contenders
 * @param callTimeout deadline of one call
 * @param drainTimeout how long a throughput run may take to finish its calls in flight
 * @param lanTrials how many agents are started (and killed) per virtual-LAN size
 * @param lanSizes how many other hosts watch the new agent on the virtual LAN
 * @param rssSettle how long an agent runs after its start (or after it sees its peers) before the
 *     first of its RSS readings
 */
record BenchPlan(
    String mode,
    int rounds,
    Duration jitWarmup,
    Budget latency,
    Budget throughput,
    Budget udp,
    List<Integer> payloadSizes,
    List<Integer> inFlight,
    Duration callTimeout,
    Duration drainTimeout,
    int lanTrials,
    List<Integer> lanSizes,
    Duration rssSettle) {

  /** Payload size of the headline figures and ratios. */
  static final int SMALL_PAYLOAD = 64;
  static final int LARGE_PAYLOAD = 16 * 1024;
  /** Peers of the agent whose RSS is reported as {@code footprint.rssWith16PeersMiB}. */
  static final int RSS_PEERS = 16;
  /** In-flight level of the headline throughput ratio. */
  static final int RATIO_IN_FLIGHT = 64;

  private static final List<Integer> PAYLOADS = List.of(SMALL_PAYLOAD, LARGE_PAYLOAD);
  private static final List<Integer> IN_FLIGHT = List.of(1, 16, RATIO_IN_FLIGHT, 256);
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
  /**
   * Before an agent's RSS readings. Its JIT compiles most of the start-up within ~10 s, and each
   * compilation's arena memory is resident for 5-7 s after it (HotSpot frees it to malloc every
   * 5 s, the launcher's trim returns it every 2 s): RSS read 6 s after the first ping swung by up
   * to 9 MiB between runs. Quick and full runs read at the same point, so their figures compare.
   */
  static final Duration RSS_SETTLE = Duration.ofSeconds(10);
  private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

  BenchPlan {
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(jitWarmup, "jitWarmup");
    Objects.requireNonNull(latency, "latency");
    Objects.requireNonNull(throughput, "throughput");
    Objects.requireNonNull(udp, "udp");
    payloadSizes = List.copyOf(payloadSizes);
    inFlight = List.copyOf(inFlight);
    lanSizes = List.copyOf(lanSizes);
    if (payloadSizes.isEmpty() || payloadSizes.stream().anyMatch(size -> size < 1)) {
      throw new IllegalArgumentException("payload sizes must be >= 1 byte, got " + payloadSizes);
    }
    if (inFlight.isEmpty() || inFlight.stream().anyMatch(n -> n < 1)) {
      throw new IllegalArgumentException("in-flight levels must be >= 1, got " + inFlight);
    }
    if (rounds < 1) {
      throw new IllegalArgumentException("rounds must be >= 1, got " + rounds);
    }
    if (lanTrials < 0) {
      throw new IllegalArgumentException("lanTrials must be >= 0, got " + lanTrials);
    }
  }

  /** Under two minutes on two cores: short phases, one virtual-LAN trial per size. */
  static BenchPlan quick() {
    return everyFigure(
        "quick",
        4,
        Duration.ofSeconds(2),
        new Budget(Duration.ofMillis(500), Duration.ofMillis(1500), 500_000),
        new Budget(Duration.ofMillis(300), Duration.ofMillis(600), 2_000_000),
        new Budget(Duration.ofMillis(500), Duration.ofMillis(1500), 500_000),
        1);
  }

  /** Under ten minutes: longer phases for stable tails, three virtual-LAN trials per size. */
  static BenchPlan full() {
    return everyFigure(
        "full",
        8,
        Duration.ofSeconds(5),
        new Budget(Duration.ofSeconds(1), Duration.ofSeconds(8), 5_000_000),
        new Budget(Duration.ofSeconds(1), Duration.ofSeconds(3), 20_000_000),
        new Budget(Duration.ofSeconds(2), Duration.ofSeconds(6), 5_000_000),
        3);
  }

  /**
   * A plan that measures every figure the report states: both payload sizes, every in-flight
   * level, both virtual-LAN sizes and the RSS after {@link #RSS_SETTLE}; the arguments are the
   * record's components of the same names.
   */
  private static BenchPlan everyFigure(
      String mode, int rounds, Duration jitWarmup, Budget latency, Budget throughput, Budget udp, int lanTrials) {
    return new BenchPlan(
        mode, rounds, jitWarmup, latency, throughput, udp, PAYLOADS, IN_FLIGHT, CALL_TIMEOUT, DRAIN_TIMEOUT, lanTrials,
        List.of(4, RSS_PEERS), RSS_SETTLE);
  }

  /** A few calls of each kind, for tests of the harness itself; its figures mean nothing. */
  static BenchPlan smoke() {
    Budget tiny = new Budget(Duration.ofMillis(20), Duration.ofMillis(50), 200);
    return new BenchPlan(
        "smoke", 1, Duration.ofMillis(20), tiny, tiny, tiny, PAYLOADS, List.of(1, 4), CALL_TIMEOUT, DRAIN_TIMEOUT, 0, List.of(),
        Duration.ZERO);
  }
}
