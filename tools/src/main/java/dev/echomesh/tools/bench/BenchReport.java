package dev.echomesh.tools.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Every figure of one run.
 *
 * @param machine where it ran
 * @param mode the plan's mode ("quick", "full", "smoke")
 * @param startedAt when the run started
 * @param elapsed how long it took
 * @param calls one result per call contender
 * @param udp UDP round trips
 * @param lan discovery and detection on the virtual LAN
 * @param footprint memory and start-up of an agent process
 * @param cli the command line's start-up and the local API from other processes
 * @param files files between two hosts of the virtual LAN
 * @param largeCalls two agents' RSS around large calls
 * @param soak calls among 16 agents under kills and cuts
 */
record BenchReport(
    Machine machine,
    String mode,
    Instant startedAt,
    Duration elapsed,
    List<ContenderResult> calls,
    UdpResults udp,
    LanResults lan,
    FootprintResults footprint,
    CliResults cli,
    FilesResults files,
    LargeCallMemory.Results largeCalls,
    SoakResults soak) {

  static final String ECHOMESH = "echomesh";
  static final String GRPC = "grpc";
  static final String TLS_FLOOR = "tlsFloor";
  static final String TCP_FLOOR = "tcpFloor";

  BenchReport {
    Objects.requireNonNull(machine, "machine");
    Objects.requireNonNull(mode, "mode");
    Objects.requireNonNull(startedAt, "startedAt");
    Objects.requireNonNull(elapsed, "elapsed");
    calls = List.copyOf(calls);
    Objects.requireNonNull(udp, "udp");
    Objects.requireNonNull(lan, "lan");
    Objects.requireNonNull(footprint, "footprint");
    Objects.requireNonNull(cli, "cli");
    Objects.requireNonNull(files, "files");
    Objects.requireNonNull(largeCalls, "largeCalls");
    Objects.requireNonNull(soak, "soak");
  }

  /** The named contender's results. */
  Optional<ContenderResult> contender(String name) {
    return calls.stream().filter(c -> c.name().equals(name)).findFirst();
  }

  /** p50 latency of a contender at a payload size, or why it is missing. */
  Measured<Double> latencyP50(String name, int payloadBytes) {
    return contender(name)
        .map(c -> c.latencyOf(payloadBytes).map(LatencyResult::p50Micros))
        .orElseGet(() -> Measured.missing(name + " was not part of this run"));
  }

  /** Throughput of a contender at a payload size and in-flight level, or why it is missing. */
  Measured<Double> throughput(String name, int payloadBytes, int inFlight) {
    return contender(name)
        .map(c -> c.throughputOf(payloadBytes, inFlight).map(ThroughputResult::callsPerSecond))
        .orElseGet(() -> Measured.missing(name + " was not part of this run"));
  }
}
