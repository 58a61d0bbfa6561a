package dev.echomesh.agent.task.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.testing.FakeTicker;
import dev.echomesh.agent.time.Ticker;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SysinfoTaskTest {

  private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void handle_reportsTheHostAsJson() throws Exception {
    FakeTicker ticker = new FakeTicker();
    long start = ticker.read();
    ticker.advance(Duration.ofSeconds(90));
    TaskResult result = new SysinfoTask("1.2.3", ticker, start)
        .handle(new TaskRequest(TaskExecutorTest.node(1), "sysinfo", new byte[0], START));
    JsonNode json = new ObjectMapper().readTree(result.payload());
    assertEquals("1.2.3", json.get("agentVersion").asText());
    assertEquals(90, json.get("agentUptimeSeconds").asLong());
    assertEquals(Runtime.getRuntime().availableProcessors(), json.get("cpus").asInt());
    assertFalse(json.get("hostname").asText().isEmpty());
    assertTrue(json.get("interfaces").isArray() && json.get("interfaces").size() > 0);
    for (JsonNode nic : json.get("interfaces")) {
      String mac = nic.get("mac").asText();
      assertTrue(mac.isEmpty() || mac.matches("([0-9a-f]{2}:)*[0-9a-f]{2}"), mac);
    }
  }

  @Test
  void collect_readsLinuxFiguresFromProc(@TempDir Path proc) throws IOException {
    Files.createDirectories(proc.resolve("sys/kernel"));
    Files.writeString(proc.resolve("sys/kernel/hostname"), "box-7\n");
    Files.writeString(proc.resolve("loadavg"), "0.50 1.25 2.00 1/123 4567\n");
    Files.writeString(proc.resolve("uptime"), "3600.75 7000.00\n");
    SystemInfo info = new SystemInfoCollector("v", Ticker.system(), Ticker.system().read(), proc).collect();
    assertEquals("box-7", info.hostname());
    assertEquals(java.util.List.of(0.5, 1.25, 2.0), info.loadAverage());
    assertEquals(3600L, info.uptimeSeconds());
  }

  @Test
  void mac_formatsLowerCaseWithColons() {
    assertEquals("02:00:5e:10:00:ff", SystemInfoCollector.mac(new byte[] {2, 0, 0x5e, 0x10, 0, (byte) 0xff}));
    assertEquals("", SystemInfoCollector.mac(null));
  }
}
