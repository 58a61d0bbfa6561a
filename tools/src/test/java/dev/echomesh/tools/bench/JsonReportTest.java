package dev.echomesh.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JsonReportTest {

  @Test
  void toJson_everythingMeasured_hasEveryRequiredKeyAsANumber() {
    JsonNode json = JsonReport.toJson(ReportFixtures.complete());

    assertEquals(2, json.path("machine").path("cores").asInt());
    assertEquals("OpenJDK 17", json.path("machine").path("jdk").asText());
    for (String key : ReportFixtures.REQUIRED_KEYS) {
      JsonNode value = at(json, key);
      assertTrue(value.isNumber(), key + " should be a number, is " + value);
    }
  }

  @Test
  void toJson_ratios_areEchomeshOverTheBaselineOfTheSameRun() {
    JsonNode ratios = JsonReport.toJson(ReportFixtures.complete()).path("ratios");

    assertEquals(0.4, ratios.path("callLatencyP50VsGrpc").asDouble(), 1e-9);
    assertEquals(40.0 / 30.0, ratios.path("callLatencyP50VsTlsFloor").asDouble(), 1e-9);
    assertEquals(3.0, ratios.path("callThroughput64VsGrpc").asDouble(), 1e-9);
    assertEquals(1.2, ratios.path("udpRttP50VsJavaUdp").asDouble(), 1e-9);
  }

  @Test
  void toJson_lanAndEchomeshSkipped_requiredKeysAreNullWithAReasonBeside() {
    JsonNode json = JsonReport.toJson(ReportFixtures.withoutLanAndEchomesh("network namespaces unavailable"));

    for (String key : ReportFixtures.REQUIRED_KEYS) {
      JsonNode value = at(json, key);
      assertTrue(value.isNull(), key + " should be null, is " + value);
      JsonNode reason = at(json, key + JsonReport.REASON_SUFFIX);
      assertTrue(reason.isTextual() && !reason.asText().isBlank(), key + " has no reason beside it");
    }
    assertTrue(json.path("discovery").path("p50MillisReason").asText().contains("network namespaces"));
    assertTrue(json.path("ratios").path("callLatencyP50VsGrpcReason").asText().contains("echomesh"));
  }

  @Test
  void toJson_blockingFloor_hasThroughputAtOneInFlightOnly() {
    JsonNode floor = JsonReport.toJson(ReportFixtures.complete()).path("calls").path("tlsFloor");

    assertFalse(floor.path("pipelined").asBoolean());
    JsonNode throughput = floor.path("payloads").path("64").path("throughput");
    assertTrue(throughput.has("1"));
    assertFalse(throughput.has("64"));
  }

  @Test
  void toJson_targets_sayWhetherEachWasMet() {
    BenchReport complete = ReportFixtures.complete();
    BenchReport slowEchomesh =
        ReportFixtures.withCalls(
            java.util.List.of(
                ReportFixtures.contender(BenchReport.ECHOMESH, true, 60, 90_000),
                complete.calls().get(1), complete.calls().get(2), complete.calls().get(3)));

    JsonNode targets = JsonReport.toJson(slowEchomesh).path("targets");

    assertEquals("<= 0.5", targets.path("ratios.callLatencyP50VsGrpc").path("goal").asText());
    assertEquals(0.6, targets.path("ratios.callLatencyP50VsGrpc").path("value").asDouble(), 1e-9);
    assertFalse(targets.path("ratios.callLatencyP50VsGrpc").path("met").asBoolean());
    assertTrue(targets.path("ratios.callThroughput64VsGrpc").path("met").asBoolean());
    assertTrue(targets.path("discovery.p50Millis").path("met").asBoolean());
  }

  @Test
  void toJson_figureMissing_targetMetIsNull() {
    JsonNode targets = JsonReport.toJson(ReportFixtures.withoutLanAndEchomesh("skipped")).path("targets");

    assertTrue(targets.path("detection.p50Millis").path("met").isNull());
    assertTrue(targets.path("detection.p50Millis").path("value").isNull());
  }

  @Test
  void toJson_files_ratiosAreEchomeshOverScpAndTheFloorWithTheirTargets() {
    JsonNode json = JsonReport.toJson(ReportFixtures.complete());

    assertEquals(2.0, at(json, "files.bigThroughputVsScp").asDouble(), 1e-9);
    assertEquals(0.75, at(json, "files.bigThroughputVsTlsFloor").asDouble(), 1e-9);
    assertEquals(8.0, at(json, "files.smallFilesVsScp").asDouble(), 1e-9);
    assertEquals(300.0, json.path("files").path("bigMiBPerSecond").path("echomesh").asDouble(), 1e-9);
    JsonNode targets = json.path("targets");
    assertTrue(targets.path("files.bigThroughputVsScp").path("met").asBoolean());
    assertFalse(targets.path("files.bigThroughputVsTlsFloor").path("met").asBoolean());
    assertEquals(">= 5", targets.path("files.smallFilesVsScp").path("goal").asText());
    assertEquals("<= 64", targets.path("files.rssAboveIdleMiB").path("goal").asText());
    assertEquals("<= 8", targets.path("files.resumeResentMiB").path("goal").asText());
    assertTrue(targets.path("files.resumeResentMiB").path("met").asBoolean());
    assertEquals(90_000.0 / 50_000, at(json, "ratios.callThroughput16KiB64VsTlsFloor").asDouble(), 1e-9);
  }

  @Test
  void toJson_cliFigures_areP50sWithTheirTargets() {
    JsonNode json = JsonReport.toJson(ReportFixtures.complete());

    assertEquals(270.0, at(json, "cli.startP50Millis").asDouble(), 1e-9);
    assertEquals(750.0, at(json, "cli.startWithoutArchiveP50Millis").asDouble(), 1e-9);
    assertEquals(8.5, at(json, "localApi.curlCallP50Millis").asDouble(), 1e-9);
    assertEquals(310.0, at(json, "localApi.cliCallP50Millis").asDouble(), 1e-9);
    assertEquals(100.0, at(json, "localApi.externalHandlerAddedMicrosP50").asDouble(), 1e-9);
    JsonNode targets = json.path("targets");
    assertEquals("<= 300", targets.path("cli.startP50Millis").path("goal").asText());
    assertTrue(targets.path("cli.startP50Millis").path("met").asBoolean());
    assertEquals("<= 20", targets.path("localApi.curlCallP50Millis").path("goal").asText());
    assertEquals("<= 200", targets.path("localApi.externalHandlerAddedMicrosP50").path("goal").asText());
  }

  @Test
  void write_toAFileInANewDirectory_writesParsableJson(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("out/bench.json");

    JsonReport.write(ReportFixtures.complete(), file);

    JsonNode read = new ObjectMapper().readTree(Files.readString(file));
    assertEquals("test", read.path("mode").asText());
  }

  /** The node at a dotted path like {@code ratios.callLatencyP50VsGrpc}; missing if absent. */
  static JsonNode at(JsonNode root, String dotted) {
    JsonNode node = root;
    for (String part : dotted.split("\\.")) {
      node = node.path(part);
    }
    return node;
  }
}
