package dev.echomesh.tools.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One run of the benchmark: the call contenders, the UDP round trips, the virtual LAN and
 * the footprint, the command line, files, memory after large calls and the soak, in that order, into one {@link BenchReport}.
 */
final class Bench {

  private final BenchPlan plan;
  private final Consumer<String> progress;
  private final Clock clock;
  private final int soakMinutes;

  Bench(BenchPlan plan, Consumer<String> progress, Clock clock) {
    this(plan, progress, clock, DEFAULT_SOAK_MINUTES);
  }

  /** @param soakMinutes how long the soak part calls, when it runs; at least 1 */
  Bench(BenchPlan plan, Consumer<String> progress, Clock clock, int soakMinutes) {
    this.plan = Objects.requireNonNull(plan, "plan");
    this.progress = Objects.requireNonNull(progress, "progress");
    this.clock = Objects.requireNonNull(clock, "clock");
    if (soakMinutes < 1) {
      throw new IllegalArgumentException("the soak runs for at least 1 minute, got " + soakMinutes);
    }
    this.soakMinutes = soakMinutes;
  }

  /** Minutes of calls in the soak part unless told otherwise. */
  static final int DEFAULT_SOAK_MINUTES = 10;

  /** The parts of a run, each of which can be left out. */
  enum Part {
    /** Task calls: echomesh, gRPC, the TLS and TCP floors. */
    CALLS,
    /** UDP round trips: liveness pings and plain Java. */
    UDP,
    /** The virtual LAN: jmdns, discovery, detection and the agent footprint. */
    LAN,
    /** The command line's start-up and the local API from curl, the CLI and an external handler. */
    CLI,
    /** Files between two hosts of the virtual LAN: echomesh send against scp and a TLS stream. */
    FILES,
    /**
     * Two agents' RSS before and after large calls between them (does memory come back?); not a
     * default part (it waits over a minute for the memory to come back).
     */
    MEMORY,
    /**
     * Minutes of calls among 16 agents while one is killed and one cut off every minute; never a
     * default part (it takes {@link #DEFAULT_SOAK_MINUTES} minutes unless told otherwise).
     */
    SOAK;

    /** The parts a run without {@code --parts} runs: all but memory and the soak. */
    static Set<Part> defaults() {
      return EnumSet.complementOf(EnumSet.of(MEMORY, SOAK));
    }
  }

  /**
   * Runs the default parts ({@link Part#defaults()}).
   *
   * @param skipLanReason when non-null, the virtual-LAN and footprint parts are skipped and
   *     their figures are null with this reason
   */
  BenchReport run(String skipLanReason) {
    return run(Part.defaults(), skipLanReason);
  }

  /**
   * Runs the given parts; the figures of the others are null with a reason.
   *
   * @param skipLanReason when non-null, the LAN and files parts are skipped with this reason
   */
  BenchReport run(Set<Part> parts, String skipLanReason) {
    Instant started = clock.instant();
    long startNanos = System.nanoTime();
    Machine machine = Machine.current();
    progress.accept("machine: " + machine.summary());
    BenchCredentials credentials = BenchCredentials.generate();

    List<ContenderResult> calls =
        parts.contains(Part.CALLS) ? new CallSuite(plan, progress).run(callContenders(credentials)) : List.of();
    UdpResults udp =
        parts.contains(Part.UDP) ? new UdpSuite(plan, credentials, progress).run() : UdpSuite.skipped("not in --parts");
    String skipFilesReason = skipLanReason != null ? skipLanReason : parts.contains(Part.FILES) ? null : "not in --parts";
    if (skipLanReason == null && !parts.contains(Part.LAN)) {
      skipLanReason = "not in --parts";
    }
    LanSuite.Outcome outcome =
        skipLanReason != null
            ? new LanSuite.Outcome(
                LanResults.skipped(skipLanReason, plan.lanSizes()), FootprintResults.skipped(skipLanReason))
            : new LanSuite(plan, credentials, progress).run();
    CliResults cli =
        parts.contains(Part.CLI) ? new CliSuite(plan, progress).run() : CliResults.skipped("not in --parts");
    LargeCallMemory.Results memory =
        parts.contains(Part.MEMORY)
            ? new LargeCallMemory(plan, progress).measure()
            : LargeCallMemory.Results.skipped("not in --parts");
    SoakResults soak =
        parts.contains(Part.SOAK)
            ? new SoakSuite(soakMinutes, credentials, progress).run()
            : SoakResults.skipped("not in --parts");
    FilesResults files =
        skipFilesReason == null
            ? new FilesSuite(plan, credentials, progress).run()
            : FilesResults.skipped(skipFilesReason, FilesPlan.of(plan.mode()));
    LanResults lan = outcome.lan();
    FootprintResults footprint = outcome.footprint();
    machine = machine.withHandoffAtEnd(HandoffProbe.measure());
    return new BenchReport(
        machine, plan.mode(), started, Duration.ofNanos(System.nanoTime() - startNanos), calls, udp, lan, footprint, cli,
        files, memory, soak);
  }

  static List<TargetFactory> callContenders(BenchCredentials credentials) {
    List<TargetFactory> factories = new ArrayList<>();
    factories.add(TargetFactory.of(BenchReport.ECHOMESH, () -> EchomeshEcho.open(credentials)));
    factories.add(TargetFactory.of(BenchReport.GRPC, () -> GrpcEcho.open(credentials)));
    factories.add(TargetFactory.of(BenchReport.TLS_FLOOR, () -> StreamPingPong.openTls(credentials)));
    factories.add(TargetFactory.of(BenchReport.TCP_FLOOR, StreamPingPong::openTcp));
    return factories;
  }
}
