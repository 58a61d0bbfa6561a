package dev.echomesh.tools.bench;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The headline figures: echomesh divided by a baseline measured in the same run. A ratio is
 * missing, with the reason, when either side is.
 */
final class Ratios {

  static final String CALL_LATENCY_P50_VS_GRPC = "callLatencyP50VsGrpc";
  static final String CALL_LATENCY_P50_VS_TLS_FLOOR = "callLatencyP50VsTlsFloor";
  static final String CALL_THROUGHPUT_64_VS_GRPC = "callThroughput64VsGrpc";
  static final String UDP_RTT_P50_VS_JAVA_UDP = "udpRttP50VsJavaUdp";
  /**
   * 16 KiB calls with {@link BenchPlan#RATIO_IN_FLIGHT} in flight over the blocking TLS floor's
   * 16 KiB ping-pong: the same bytes per call, so calls/s compare as bytes/s.
   */
  static final String CALL_THROUGHPUT_16KIB_64_VS_TLS_FLOOR = "callThroughput16KiB64VsTlsFloor";

  private Ratios() {}

  /** The ratios, in report order. */
  static Map<String, Measured<Double>> of(BenchReport report) {
    int small = BenchPlan.SMALL_PAYLOAD;
    Map<String, Measured<Double>> ratios = new LinkedHashMap<>();
    ratios.put(
        CALL_LATENCY_P50_VS_GRPC,
        divide(report.latencyP50(BenchReport.ECHOMESH, small), report.latencyP50(BenchReport.GRPC, small)));
    ratios.put(
        CALL_LATENCY_P50_VS_TLS_FLOOR,
        divide(report.latencyP50(BenchReport.ECHOMESH, small), report.latencyP50(BenchReport.TLS_FLOOR, small)));
    ratios.put(
        CALL_THROUGHPUT_64_VS_GRPC,
        divide(
            report.throughput(BenchReport.ECHOMESH, small, BenchPlan.RATIO_IN_FLIGHT),
            report.throughput(BenchReport.GRPC, small, BenchPlan.RATIO_IN_FLIGHT)));
    ratios.put(
        CALL_THROUGHPUT_16KIB_64_VS_TLS_FLOOR,
        divide(
            report.throughput(BenchReport.ECHOMESH, BenchPlan.LARGE_PAYLOAD, BenchPlan.RATIO_IN_FLIGHT),
            report.throughput(BenchReport.TLS_FLOOR, BenchPlan.LARGE_PAYLOAD, 1)));
    ratios.put(
        UDP_RTT_P50_VS_JAVA_UDP,
        divide(
            report.udp().echomesh().map(LatencyResult::p50Micros),
            report.udp().javaUdp().map(LatencyResult::p50Micros)));
    return ratios;
  }

  static Measured<Double> divide(Measured<Double> numerator, Measured<Double> denominator) {
    if (!numerator.present()) {
      return Measured.missing(numerator.reason().orElseThrow());
    }
    if (!denominator.present()) {
      return Measured.missing(denominator.reason().orElseThrow());
    }
    if (denominator.value() <= 0) {
      return Measured.missing("the baseline measured " + denominator.value() + ", cannot divide by it");
    }
    return Measured.of(numerator.value() / denominator.value());
  }
}
