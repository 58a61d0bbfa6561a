package dev.echomesh.tools.bench;

import java.util.function.Consumer;

/** UDP round trips: the plain Java ping-pong and the agent's liveness Ping -> Pong. */
final class UdpSuite {

  /** Datagram size of the plain ping-pong. */
  static final int JAVA_UDP_PAYLOAD_BYTES = BenchPlan.SMALL_PAYLOAD;

  private final BenchPlan plan;
  private final Consumer<String> progress;

  UdpSuite(BenchPlan plan, Consumer<String> progress) {
    this.plan = plan;
    this.progress = progress;
  }

  UdpResults run() {
    return new UdpResults(
        javaUdp(), JAVA_UDP_PAYLOAD_BYTES, Measured.missing("agent liveness is not built yet"), "not measured");
  }

  private Measured<LatencyResult> javaUdp() {
    progress.accept("javaUdp: round trips, " + JAVA_UDP_PAYLOAD_BYTES + " B");
    try (UdpPingPong udp = UdpPingPong.open()) {
      return Measured.of(LatencyProbe.measure(udp, CallSuite.payload(JAVA_UDP_PAYLOAD_BYTES), plan.udp(), plan.callTimeout()));
    } catch (Exception e) {
      return Measured.missing("javaUdp: " + e.getMessage());
    }
  }
}
