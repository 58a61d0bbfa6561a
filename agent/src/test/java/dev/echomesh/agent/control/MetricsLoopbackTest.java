package dev.echomesh.agent.control;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.testing.ApiLoopbackPair;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /metrics} on a live agent linked to another on loopback; its output must pass {@code
 * promtool check metrics} (Prometheus's own linter) with no problem. Without promtool that check
 * is skipped, or fails under CI ({@code CI} set, or {@code ECHOMESH_REQUIRE_NETNS=1}).
 */
class MetricsLoopbackTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final long PROMTOOL_TIMEOUT_SECONDS = 30;

  @TempDir Path temp;

  private ApiLoopbackPair pair;

  @BeforeEach
  void startTwoAgents() throws IOException {
    pair = ApiLoopbackPair.start(temp.resolve("a"));
  }

  @AfterEach
  void stop() {
    pair.close();
  }

  @Test
  void metrics_afterACall_peersCallsAndJvmMemoryInTextFormat() throws IOException {
    try (ControlClient client = ControlClient.connect(pair.dirA())) {
      assertEquals(
          TaskStatus.OK,
          client.call("b", "echo", "x".getBytes(UTF_8), Duration.ofSeconds(10)).result().status());
      assertEquals(
          TaskStatus.NOT_FOUND,
          client.call("b", "no-such-task", new byte[0], Duration.ofSeconds(10)).result().status());
    }
    String text = scrape();
    assertTrue(text.contains("echomesh_peers{state=\"ALIVE\"} 1.0"), text);
    assertTrue(text.contains("echomesh_peers{state=\"DEAD\"} 0.0"), text);
    assertTrue(
        text.contains("echomesh_calls_total{kind=\"api\",status=\"OK\",task=\"echo\"} 1.0"), text);
    assertTrue(
        text.contains("echomesh_calls_total{kind=\"api\",status=\"NOT_FOUND\",task=\"other\"} 1.0"),
        text);
    assertTrue(text.contains("echomesh_call_duration_seconds_count{kind=\"api\",task=\"echo\"} 1"), text);
    assertTrue(text.contains("echomesh_liveness_datagrams_dropped_total{reason=\"bad_mac\"}"), text);
    assertTrue(text.contains("jvm_memory_used_bytes{area=\"heap\"}"), text);
    assertTrue(!text.contains("no-such-task"), "an unknown task name never becomes a label");
  }

  @Test
  void metrics_callFromAPeer_incomingCallLinksDatagramsAndRttMove() throws Exception {
    assertEquals(
        TaskStatus.OK,
        pair.b().call(pair.a().nodeId(), "echo", "x".getBytes(UTF_8), Duration.ofSeconds(10))
            .get(10, TimeUnit.SECONDS)
            .status());
    String text = scrape();
    assertTrue(
        text.contains("echomesh_calls_total{kind=\"incoming\",status=\"OK\",task=\"echo\"} 1.0"),
        text);
    assertTrue(value(text, "echomesh_links_opened_total") >= 1, text);
    assertTrue(value(text, "echomesh_link_handshakes_total{result=\"ok\"}") >= 1, text);
    assertTrue(value(text, "echomesh_link_received_bytes_total") > 0, text);
    assertTrue(value(text, "echomesh_link_sent_bytes_total") > 0, text);
    assertTrue(value(text, "echomesh_liveness_datagrams_sent_total") > 0, text);
    assertTrue(text.contains("echomesh_link_connections_refused_total{kind=\"not_a_member\"} 0.0"), text);
    await().atMost(WAIT).until(() -> value(scrape(), "echomesh_ping_rtt_seconds_count") > 0);
    assertTrue(value(scrape(), "echomesh_liveness_datagrams_received_total") > 0);
  }

  /** The value of the series {@code series} (name and labels as printed) in {@code text}. */
  private static double value(String text, String series) {
    for (String line : text.split("\n")) {
      if (line.startsWith(series + " ")) {
        return Double.parseDouble(line.substring(series.length() + 1).trim());
      }
    }
    throw new AssertionError(series + " missing from\n" + text);
  }

  @Test
  void metrics_liveAgent_passesPromtoolCheckWithoutProblems() throws Exception {
    String promtool = promtool();
    // Traffic first, so that labelled series and histograms with samples are checked too.
    pair.b().call(pair.a().nodeId(), "echo", "x".getBytes(UTF_8), Duration.ofSeconds(10)).get(10, TimeUnit.SECONDS);
    await().atMost(WAIT).until(() -> value(scrape(), "echomesh_ping_rtt_seconds_count") > 0);
    String text = scrape();
    assertTrue(text.contains("kind=\"incoming\""), text);
    Process check = new ProcessBuilder(promtool, "check", "metrics").redirectErrorStream(true).start();
    try (OutputStream stdin = check.getOutputStream()) {
      stdin.write(text.getBytes(UTF_8));
    }
    assertTrue(check.waitFor(PROMTOOL_TIMEOUT_SECONDS, TimeUnit.SECONDS), "promtool timed out");
    String output = new String(check.getInputStream().readAllBytes(), UTF_8);
    assertEquals(0, check.exitValue(), output);
    assertEquals("", output.strip(), "promtool found problems");
  }

  private String scrape() throws IOException {
    try (HttpConnection connection = HttpConnection.open(pair.dirA())) {
      DefaultFullHttpRequest request =
          new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, "/metrics", Unpooled.EMPTY_BUFFER);
      request.headers().set("Host", "localhost");
      connection.send(request, WAIT);
      HttpConnection.Response response = connection.receive(WAIT, 1 << 22);
      assertEquals(200, response.status());
      assertTrue(
          response.headers().get("Content-Type").startsWith("text/plain; version=0.0.4"),
          response.headers().get("Content-Type"));
      return new String(response.body(), UTF_8);
    }
  }

  /** promtool's path; skips the test without it, or fails it under CI. */
  private static String promtool() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      Path candidate = Path.of(dir, "promtool");
      if (Files.isExecutable(candidate)) {
        return candidate.toString();
      }
    }
    boolean required =
        "1".equals(System.getenv("ECHOMESH_REQUIRE_NETNS")) || System.getenv("CI") != null;
    if (required) {
      throw new AssertionError(
          "promtool is missing and CI requires it: install the Debian package prometheus");
    }
    Assumptions.abort("promtool is not installed (Debian package prometheus)");
    return null;
  }
}
