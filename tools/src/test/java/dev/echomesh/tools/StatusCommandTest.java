package dev.echomesh.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echomesh.agent.identity.CaTool;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusCommandTest {

  @TempDir Path dataDir;
  @TempDir Path caDir;

  @Test
  void status_runningAgent_tableOfIdentity() throws IOException {
    try (AgentFixture fixture = new AgentFixture(dataDir)) {
      CliRun.Result result = new CliRun(dataDir).run("status");
      assertEquals(0, result.exitCode(), result.toString());
      assertTrue(result.stdout().contains("name      self\n"), result.stdout());
      assertTrue(
          result.stdout().contains("node ID   " + fixture.agent.nodeId() + "\n"), result.stdout());
      assertTrue(result.stdout().contains("trust     mesh key\n"), result.stdout());
      assertTrue(result.stdout().contains("version   9.9.9\n"), result.stdout());
      assertTrue(result.stdout().contains("peers     2\n"), result.stdout());
      assertTrue(
          result.stdout().contains("liveness  1200 accepted, 3 dropped (bad MAC 2, replayed 1)\n"),
          result.stdout());
    }
  }

  @Test
  void status_json_fields() throws IOException {
    try (AgentFixture fixture = new AgentFixture(dataDir)) {
      JsonNode json =
          new ObjectMapper().readTree(new CliRun(dataDir).run("status", "--json").stdout());
      assertEquals(fixture.agent.nodeId().toString(), json.get("id").asText());
      assertEquals("mesh-key", json.get("trustMode").asText());
      assertEquals("127.0.0.1:7946", json.get("linkAddress").asText());
      assertEquals(ProcessHandle.current().pid(), json.get("pid").asLong());
      assertEquals(dataDir.toString(), json.get("dataDir").asText());
      assertEquals(47200, json.get("udpPort").asInt());
      assertEquals(2, json.get("liveness").get("badMac").asLong());
      assertEquals(1, json.get("liveness").get("replayed").asLong());
      assertEquals(1200, json.get("liveness").get("accepted").asLong());
    }
  }

  @Test
  void status_caModeDataDir_showsSiteCaTrust() throws IOException {
    CaTool tool = new CaTool(Clock.systemUTC());
    tool.initCa(caDir, "Site CA", Duration.ofDays(1));
    tool.issue(caDir, "self", dataDir, Duration.ofDays(1));
    try (AgentFixture fixture = new AgentFixture(dataDir)) {
      CliRun.Result table = new CliRun(dataDir).run("status");
      assertTrue(table.stdout().contains("trust     site CA\n"), table.stdout());
      JsonNode json = new ObjectMapper().readTree(new CliRun(dataDir).run("status", "--json").stdout());
      assertEquals("ca", json.get("trustMode").asText());
    }
  }

  @Test
  void status_noAgent_exitThree() {
    CliRun.Result result = new CliRun(dataDir).run("status");
    assertEquals(3, result.exitCode());
    assertEquals("", result.stdout());
  }
}
