package dev.echomesh.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The whole harness with a few calls of each kind: it runs, and it reports what it ran. */
class BenchSmokeTest {

  @Test
  void run_smokePlanWithoutLan_measuresEveryLoopbackContenderAndWritesEveryKey() {
    List<String> progress = new ArrayList<>();
    BenchReport report = new Bench(BenchPlan.smoke(), progress::add, Clock.systemUTC())
        .run(EnumSet.of(Bench.Part.CALLS, Bench.Part.UDP, Bench.Part.LAN), "skipped in a unit test");

    for (String name : List.of(BenchReport.ECHOMESH, BenchReport.GRPC, BenchReport.TLS_FLOOR, BenchReport.TCP_FLOOR)) {
      ContenderResult contender = report.contender(name).orElseThrow();
      for (int size : BenchPlan.smoke().payloadSizes()) {
        assertTrue(contender.latencyOf(size).present(), name + " " + size + ": " + contender.latencyOf(size));
        assertTrue(contender.throughputOf(size, 1).present(), name + " " + size + ": " + contender.throughputOf(size, 1));
      }
    }
    assertTrue(report.contender(BenchReport.GRPC).orElseThrow().throughputOf(BenchPlan.SMALL_PAYLOAD, 4).present());
    assertTrue(report.contender(BenchReport.ECHOMESH).orElseThrow().throughputOf(BenchPlan.SMALL_PAYLOAD, 4).present());
    assertTrue(report.udp().javaUdp().present(), report.udp().javaUdp().toString());

    JsonNode json = JsonReport.toJson(report);
    for (String key : ReportFixtures.REQUIRED_KEYS) {
      JsonNode value = JsonReportTest.at(json, key);
      JsonNode reason = JsonReportTest.at(json, key + JsonReport.REASON_SUFFIX);
      assertTrue(value.isNumber() || (value.isNull() && reason.isTextual()), key + ": " + value + " / " + reason);
    }
    assertEquals("skipped in a unit test", json.path("footprint").path("rssIdleMiBReason").asText());
    assertEquals("not in --parts", json.path("cli").path("startP50MillisReason").asText());
    assertTrue(progress.stream().anyMatch(line -> line.contains("grpc")), progress.toString());
  }
}
