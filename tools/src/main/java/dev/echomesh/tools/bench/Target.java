package dev.echomesh.tools.bench;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One target of the benchmark's issue and whether this run met it.
 *
 * @param key the JSON key of the figure, e.g. {@code ratios.callLatencyP50VsGrpc}
 * @param goal the target in words, e.g. "<= 0.5"
 * @param figure the measured figure, or why it is missing
 * @param met true or false; null when the figure is missing
 */
record Target(String key, String goal, Measured<Double> figure, Boolean met) {

  Target {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(goal, "goal");
    Objects.requireNonNull(figure, "figure");
  }

  private static Target atMost(String key, double bound, Measured<Double> figure) {
    return new Target(key, "<= " + format(bound), figure, figure.present() ? figure.value() <= bound : null);
  }

  private static Target below(String key, double bound, Measured<Double> figure) {
    return new Target(key, "< " + format(bound), figure, figure.present() ? figure.value() < bound : null);
  }

  private static Target atLeast(String key, double bound, Measured<Double> figure) {
    return new Target(key, ">= " + format(bound), figure, figure.present() ? figure.value() >= bound : null);
  }

  /** The targets of issues 4, 8, 9, 10 and 11, evaluated against one run. */
  static List<Target> evaluate(BenchReport report, Map<String, Measured<Double>> ratios) {
    LanResults lan = report.lan();
    FootprintResults footprint = report.footprint();
    CliResults cli = report.cli();
    SoakResults soak = report.soak();
    FilesResults files = report.files();
    return List.of(
        atMost("ratios." + Ratios.CALL_LATENCY_P50_VS_GRPC, 0.5, ratios.get(Ratios.CALL_LATENCY_P50_VS_GRPC)),
        atMost("ratios." + Ratios.CALL_LATENCY_P50_VS_TLS_FLOOR, 1.5, ratios.get(Ratios.CALL_LATENCY_P50_VS_TLS_FLOOR)),
        atLeast("ratios." + Ratios.CALL_THROUGHPUT_64_VS_GRPC, 3, ratios.get(Ratios.CALL_THROUGHPUT_64_VS_GRPC)),
        atLeast("ratios." + Ratios.CALL_THROUGHPUT_16KIB_64_VS_TLS_FLOOR, 0.8,
            ratios.get(Ratios.CALL_THROUGHPUT_16KIB_64_VS_TLS_FLOOR)),
        atMost("ratios." + Ratios.UDP_RTT_P50_VS_JAVA_UDP, 1.5, ratios.get(Ratios.UDP_RTT_P50_VS_JAVA_UDP)),
        below("discovery.p50Millis", 500, lan.discoveryAt(JsonReport.DISCOVERY_HEADLINE_OTHERS).map(Samples::p50)),
        below("detection.p50Millis", 2000, lan.detectionMillis().map(Samples::p50)),
        atMost("detection.falseDead", 0, lan.falseDead().map(Long::doubleValue)),
        below("footprint.rssIdleMiB", 80, footprint.rssIdleMiB()),
        below("footprint.startToAnnounceMillis", 1000, footprint.startToAnnounceMillis()),
        atMost("cli.startP50Millis", 300, cli.startMillis().map(Samples::p50)),
        atMost("localApi.curlCallP50Millis", 20, cli.curlCallMillis().map(Samples::p50)),
        atMost("localApi.externalHandlerAddedMicrosP50", 200, cli.externalHandlerAddedMicrosP50()),
        atLeast("files.bigThroughputVsScp", 1.5, files.bigThroughputVsScp()),
        atLeast("files.bigThroughputVsTlsFloor", 0.8, files.bigThroughputVsTlsFloor()),
        atLeast("files.smallFilesVsScp", 5, files.smallFilesVsScp()),
        atMost("files.rssAboveIdleMiB", 64, files.rssAboveIdleMiB()),
        atMost("files.resumeResentMiB", 8, files.resumeResentMiB()),
        atMost("soak.hung", 0, soak.hung().map(Long::doubleValue)),
        atMost("soak.duplicateRuns", 0, soak.duplicateRuns().map(Long::doubleValue)),
        atMost("soak.falseDead", 0, soak.falseDead().map(Long::doubleValue)),
        below("soak.failoverP99Millis", 1500, soak.failoverP99Millis()),
        atMost("soak.rssGrowthPercent", 10, soak.rssGrowthPercent()));
  }

  private static String format(double bound) {
    return bound == Math.rint(bound) ? String.valueOf((long) bound) : String.valueOf(bound);
  }
}
