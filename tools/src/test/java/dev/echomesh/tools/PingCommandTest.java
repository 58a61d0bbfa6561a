package dev.echomesh.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PingCommandTest {

  @TempDir Path dataDir;
  private AgentFixture fixture;
  private CliRun cli;

  @BeforeEach
  void start() throws IOException {
    fixture = new AgentFixture(dataDir);
    cli = new CliRun(dataDir);
  }

  @AfterEach
  void stop() {
    fixture.close();
  }

  @Test
  void ping_answeringPeer_samplesAndSummaryExitZero() {
    CliRun.Result result = cli.run("ping", "alice", "-c", "3", "--interval", "10ms");
    assertEquals(0, result.exitCode(), result.toString());
    List<String> lines = result.stdout().lines().toList();
    assertEquals("PING alice (" + fixture.alice.id().shortForm() + ") 198.18.0.2:7947", lines.get(0));
    assertEquals("pong from alice: seq=1 time=0.420 ms", lines.get(1));
    assertEquals("pong from alice: seq=3 time=0.420 ms", lines.get(3));
    assertEquals("--- alice ping statistics ---", lines.get(4));
    assertTrue(lines.get(5).startsWith("3 sent, 3 received, 0% loss, time "), lines.get(5));
    assertEquals("rtt min/avg/max/mdev = 0.420/0.420/0.420/0.000 ms", lines.get(6));
  }

  @Test
  void ping_silentPeer_everyPingLostExitOne() {
    CliRun.Result result = cli.run("ping", "bob", "-c", "2", "--interval", "10ms", "-W", "50ms");
    assertEquals(1, result.exitCode(), result.toString());
    assertTrue(
        result.stdout().contains("no pong from bob: seq=2 (no pong within 50 ms)"), result.stdout());
    assertTrue(result.stdout().contains("2 sent, 0 received, 100% loss"), result.stdout());
    assertTrue(!result.stdout().contains("rtt min"), result.stdout());
  }

  @Test
  void ping_unknownPeer_exitFour() {
    CliRun.Result result = cli.run("ping", "nobody", "-c", "1");
    assertEquals(4, result.exitCode(), result.toString());
  }

  @Test
  void ping_countOutOfRange_usageError() {
    CliRun.Result result = cli.run("ping", "alice", "-c", "0");
    assertEquals(2, result.exitCode(), result.toString());
    assertTrue(result.stderr().contains("-c must be 1 to 100000"), result.stderr());
  }
}
