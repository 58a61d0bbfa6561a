package dev.echomesh.tools.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-made reports for tests of the JSON and the table. */
final class ReportFixtures {

  static final List<String> REQUIRED_KEYS =
      List.of(
          "ratios.callLatencyP50VsGrpc",
          "ratios.callLatencyP50VsTlsFloor",
          "ratios.callThroughput64VsGrpc",
          "ratios.udpRttP50VsJavaUdp",
          "discovery.p50Millis",
          "detection.p50Millis",
          "detection.falseDead",
          "footprint.rssIdleMiB",
          "footprint.startToAnnounceMillis",
          "cli.startP50Millis",
          "localApi.curlCallP50Millis",
          "localApi.cliCallP50Millis",
          "localApi.externalHandlerAddedMicrosP50",
          "ratios.callThroughput16KiB64VsTlsFloor",
          "files.bigThroughputVsScp",
          "files.bigThroughputVsTlsFloor",
          "files.smallFilesVsScp",
          "files.rssAboveIdleMiB",
          "files.resumeResentMiB");

  private static final String MODE = "test";
  /** The reason {@code echomesh bench} gives for a part it did not run. */
  private static final String NOT_IN_PARTS = "not in --parts";

  private ReportFixtures() {}

  static Machine machine() {
    return new Machine(
        2, "Test CPU", "OpenJDK 17", "Test VM", "Linux", List.of("-Xmx1g"), 0.5, Measured.of(3.0), Measured.of(4.0));
  }

  /** A pipelined contender whose p50 is {@code p50Micros} and throughput {@code rate} at every level. */
  static ContenderResult contender(String name, boolean pipelined, double p50Micros, double rate) {
    Map<Integer, Measured<LatencyResult>> latency = new LinkedHashMap<>();
    Map<Integer, Map<Integer, Measured<ThroughputResult>>> throughput = new LinkedHashMap<>();
    for (int size : List.of(BenchPlan.SMALL_PAYLOAD, BenchPlan.LARGE_PAYLOAD)) {
      latency.put(size, Measured.of(new LatencyResult(1000, p50Micros, p50Micros * 2, p50Micros * 3, p50Micros, p50Micros * 4)));
      Map<Integer, Measured<ThroughputResult>> levels = new LinkedHashMap<>();
      for (int inFlight : pipelined ? List.of(1, 16, 64, 256) : List.of(1)) {
        levels.put(inFlight, Measured.of(new ThroughputResult(inFlight, (long) rate, 1.0, rate)));
      }
      throughput.put(size, levels);
    }
    return new ContenderResult(name, "test transport", pipelined, latency, throughput);
  }

  /** Every figure measured. */
  static BenchReport complete() {
    LatencyResult udp = new LatencyResult(500, 10, 20, 30, 11, 40);
    LatencyResult agentUdp = new LatencyResult(50, 12, 25, 35, 13, 45);
    LanResults lan =
        new LanResults(
            Map.of(4, Measured.of(Samples.of(100, 120)), 16, Measured.of(Samples.of(200, 240, 260))),
            Measured.of(Samples.of(4200)),
            Measured.of(Samples.of(1500, 1600)),
            Measured.of(0L),
            List.of());
    FootprintResults footprint =
        new FootprintResults(Measured.of(60.0), Measured.of(70.0), Measured.of(400.0), List.of(400.0), "-Xss256k");
    return report(
        List.of(
            contender(BenchReport.ECHOMESH, true, 40, 90_000),
            contender(BenchReport.GRPC, true, 100, 30_000),
            contender(BenchReport.TLS_FLOOR, false, 30, 50_000),
            contender(BenchReport.TCP_FLOOR, false, 10, 90_000)),
        new UdpResults(Measured.of(udp), Measured.of(agentUdp), Measured.of(udp), Measured.of(agentUdp), 150, "test"),
        lan,
        footprint,
        new CliResults(
            Measured.of(Samples.of(250, 270, 290)), Measured.of(Samples.of(700, 800)), Measured.of(Samples.of(8, 9)), Measured.of(Samples.of(300, 320)),
            Measured.of(900.0), Measured.of(1000.0)),
        files());
  }

  /** {@link #complete()} with other call contenders. */
  static BenchReport withCalls(List<ContenderResult> calls) {
    BenchReport complete = complete();
    return report(calls, complete.udp(), complete.lan(), complete.footprint(), complete.cli(), complete.files());
  }

  /** Files: echomesh 300 MiB/s against scp's 150 and the floor's 400; 2,000 files/s against 250. */
  static FilesResults files() {
    return new FilesResults(1024, 10_000, 10_240, Measured.of(300.0), Measured.of(150.0), Measured.of(400.0),
        Measured.of(2000.0), Measured.of(250.0), Measured.of(80.0), Measured.of(40.0), Measured.of(5.0),
        Measured.of(30.0), Measured.of(1.5), Measured.of(512.0), "test transports");
  }

  /** Everything on the virtual LAN and the echomesh contender missing. */
  static BenchReport withoutLanAndEchomesh(String reason) {
    BenchReport complete = complete();
    return report(
        complete.calls().subList(1, 4),
        new UdpResults(
            complete.udp().javaUdp(), Measured.missing("no agent: " + reason), complete.udp().javaUdp(),
            Measured.missing("no agent: " + reason), 150, "not measured"),
        LanResults.skipped(reason, List.of(4, 16)),
        FootprintResults.skipped(reason),
        CliResults.skipped(reason),
        FilesResults.skipped(NOT_IN_PARTS, FilesPlan.of(MODE)));
  }

  /** A report of mode "test" with these figures; the large calls and the soak were not in --parts. */
  private static BenchReport report(
      List<ContenderResult> calls,
      UdpResults udp,
      LanResults lan,
      FootprintResults footprint,
      CliResults cli,
      FilesResults files) {
    return new BenchReport(
        machine(), MODE, Instant.parse("2025-01-01T00:00:00Z"), Duration.ofSeconds(3), calls, udp, lan, footprint, cli,
        files, LargeCallMemory.Results.skipped(NOT_IN_PARTS), SoakResults.skipped(NOT_IN_PARTS));
  }
}
