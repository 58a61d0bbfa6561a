package dev.echomesh.agent.control;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.echomesh.agent.Agent;
import dev.echomesh.agent.PeerSelector;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.testing.CountingTask;
import dev.echomesh.agent.testing.LoopbackAgents;
import dev.echomesh.agent.testing.TestMeshes;
import dev.echomesh.agent.testing.TestMeshes.TestMesh;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code POST /v1/call-any/{task}} end to end: agent a's API calls any peer offering a task, here
 * b (tagged role=camera), which counts the runs of its task {@code work}.
 */
class CallAnyLoopbackTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  @TempDir Path temp;

  private final LoopbackAgents agents = new LoopbackAgents();
  private final CountingTask work = new CountingTask(run -> "run " + run);
  private ControlServer server;
  private Path dirA;
  private Agent b;

  @BeforeEach
  void start() throws IOException {
    TestMesh mesh = TestMeshes.newMesh();
    dirA = temp.resolve("a");
    server = ControlServer.bind(dirA, ControlConfig.defaults());
    Agent[] pair = agents.linkedPair(mesh, LoopbackAgents.config(mesh, "a"),
        LoopbackAgents.config(mesh, "b").tags(List.of("role=camera")).task(work));
    b = pair[1];
    server.start(pair[0]);
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
    agents.close();
  }

  private AnyCallOutcome callAny(PeerSelector selector, String key) throws IOException {
    try (ControlClient client = ControlClient.connect(dirA)) {
      return client.callAny("work", selector, "x".getBytes(UTF_8), TIMEOUT, key);
    }
  }

  @Test
  void callAny_taggedPeerOffersTheTask_answeredByItAfterOneTry() throws IOException {
    PeerSelector cameras = PeerSelector.random().withTag("role", "camera");
    await("b's tags reach a").atMost(TIMEOUT).until(() -> callAny(cameras, null).result().isOk());
    AnyCallOutcome outcome = callAny(cameras, null);
    assertEquals(TaskStatus.OK, outcome.result().status());
    assertEquals(b.nodeId(), outcome.peer());
    assertEquals("b", outcome.peerName());
    assertEquals(1, outcome.peersTried());
    assertEquals(1, outcome.attempts());
  }

  @Test
  void callAny_noPeerHasTheTag_unavailableWithoutPeer() throws IOException {
    AnyCallOutcome outcome = callAny(PeerSelector.leastLoad().withTag("role", "printer"), null);
    assertEquals(TaskStatus.UNAVAILABLE, outcome.result().status());
    assertTrue(outcome.result().message().contains("role=printer"), outcome.result().message());
    assertNull(outcome.peer());
    assertEquals(0, outcome.peersTried());
  }

  @Test
  void callAny_sameKeyTwice_taskRunsOnceAndTheRepeatGetsTheFirstResult() throws IOException {
    AnyCallOutcome first = callAny(PeerSelector.leastRtt(), "order-17");
    AnyCallOutcome repeat = callAny(PeerSelector.leastRtt(), "order-17");
    assertEquals("run 1", first.result().payloadAsString());
    assertEquals("run 1", repeat.result().payloadAsString());
    assertEquals(1, work.runs());
    assertEquals("run 2", callAny(PeerSelector.leastRtt(), "order-18").result().payloadAsString());
  }

  @Test
  void callAny_keyWithSpace_malformedRequest() throws IOException {
    ControlException e = assertThrows(ControlException.class, () -> callAny(PeerSelector.random(), "two words"));
    assertEquals(ControlError.MALFORMED_REQUEST, e.error());
    assertEquals(0, work.runs());
  }

  @Test
  void callAny_unknownSelect_malformedRequestNamingTheChoices() throws IOException {
    HttpConnection.Response response = post("/v1/call-any/work?select=fastest");
    assertEquals(400, response.status());
    assertTrue(new String(response.body(), UTF_8).contains("rtt, load or random"));
  }

  @Test
  void callAny_tagWithoutValue_malformedRequest() throws IOException {
    assertEquals(400, post("/v1/call-any/work?tag=role").status());
  }

  @Test
  void callAny_formatJson_outcomeWithPeerAndTries() throws IOException {
    HttpConnection.Response response = post("/v1/call-any/work?format=json&select=load");
    assertEquals(200, response.status());
    JsonNode json = ApiJson.read(response.body());
    assertEquals("OK", json.get("status").asText());
    assertEquals(b.nodeId().toString(), json.get("id").asText());
    assertEquals(1, json.get("peersTried").asInt());
    assertEquals(1, json.get("attempts").asInt());
    assertEquals("run 1", json.get("payload").asText());
  }

  @Test
  void callAny_unknownTask_notFoundInHeadersAfterOneTry() throws IOException {
    HttpConnection.Response response = post("/v1/call-any/nosuch");
    assertEquals(502, response.status());
    assertEquals("NOT_FOUND", response.headers().get(CallResults.STATUS_HEADER));
    assertEquals("1", response.headers().get(CallResults.PEERS_TRIED_HEADER));
    assertEquals(b.nodeId().toString(), response.headers().get(CallResults.PEER_HEADER));
  }

  private HttpConnection.Response post(String uri) throws IOException {
    FullHttpRequest request =
        new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, uri, Unpooled.EMPTY_BUFFER);
    request.headers().set("Host", "localhost").setInt("Content-Length", 0);
    try (HttpConnection connection = HttpConnection.open(dirA)) {
      connection.send(request, TIMEOUT);
      return connection.receive(TIMEOUT, 1 << 20);
    }
  }
}
