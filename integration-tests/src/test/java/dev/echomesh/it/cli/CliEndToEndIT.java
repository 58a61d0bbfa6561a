package dev.echomesh.it.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line end to end, as processes: {@code init} on one data dir, {@code join} on another,
 * two {@code agent}s on 127.0.0.1 (the second given the first with {@code --peer}), then {@code
 * call}, {@code tasks} and {@code peers --json} against them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CliEndToEndIT {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path temp;
  private Path alphaDir;
  private Path betaDir;
  private String alphaId;
  private AgentPair agents;
  private AgentProcess alpha;
  private AgentProcess beta;

  @BeforeAll
  void startMesh() throws Exception {
    alphaDir = temp.resolve("alpha");
    betaDir = temp.resolve("beta");
    Echomesh.Result init = Echomesh.run(temp, "init", "--data-dir", alphaDir.toString());
    assertEquals(0, init.exitCode(), init.toString());
    String code = init.stdout().strip();
    assertTrue(
        code.matches("EM1(-[A-Z2-7]{4}){14}"), "stdout is the join code alone: " + init.stdout());

    Echomesh.Result join = Echomesh.run(temp, "join", "--data-dir", betaDir.toString(), code);
    assertEquals(0, join.exitCode(), join.toString());

    Echomesh.Result id = Echomesh.run(temp, "id", "--data-dir", alphaDir.toString());
    assertEquals(0, id.exitCode(), id.toString());
    alphaId = id.stdout().strip();

    agents = AgentPair.start(temp, alphaDir, "alpha", betaDir, "beta");
    alpha = agents.first();
    beta = agents.second();
  }

  @AfterAll
  void stopMesh() {
    if (agents != null) {
      agents.close();
    }
  }

  private Echomesh.Result beta(String... args) throws Exception {
    String[] withDir = new String[args.length + 2];
    System.arraycopy(args, 0, withDir, 0, args.length);
    withDir[args.length] = "--data-dir";
    withDir[args.length + 1] = betaDir.toString();
    return Echomesh.run(temp, withDir);
  }

  @Test
  void call_echoByName_payloadOnStdoutExitZero() throws Exception {
    Echomesh.Result result = beta("call", "alpha", "echo", "hello mesh");
    assertEquals(0, result.exitCode(), result.toString());
    assertEquals("hello mesh", result.stdout());
  }

  @Test
  void call_reverseByIdPrefix_reversedText() throws Exception {
    Echomesh.Result result =
        beta("call", alphaId.substring(0, 9).toLowerCase(), "reverse", "hello world");
    assertEquals(0, result.exitCode(), result.toString());
    assertEquals("dlrow olleh", result.stdout());
  }

  @Test
  void call_payloadFromFile_roundTripsByteForByte() throws Exception {
    byte[] bytes = new byte[1 << 20];
    new java.util.Random(7).nextBytes(bytes);
    Path file = Files.write(temp.resolve("payload.bin"), bytes);
    Path out = temp.resolve("echoed.bin");
    Echomesh.Result result = beta("call", "alpha", "echo", "@" + file, "--json");
    assertEquals(0, result.exitCode(), result.toString());
    Files.write(
        out,
        java.util.Base64.getDecoder()
            .decode(JSON.readTree(result.stdout()).get("payloadBase64").asText()));
    assertEquals(-1L, Files.mismatch(file, out));
  }

  @Test
  void call_unknownTask_notFoundLineAndExitFive() throws Exception {
    Echomesh.Result result = beta("call", "alpha", "no-such-task");
    assertEquals(5, result.exitCode(), result.toString());
    assertTrue(result.stderr().startsWith("NOT_FOUND: "), result.stderr());
    assertEquals("", result.stdout());
  }

  @Test
  void call_unknownPeer_exitFour() throws Exception {
    Echomesh.Result result = beta("call", "gamma", "echo");
    assertEquals(4, result.exitCode(), result.toString());
  }

  @Test
  void call_badFlag_oneLineExitTwo() throws Exception {
    Echomesh.Result result = beta("call", "alpha", "echo", "--timeout", "soon");
    assertEquals(2, result.exitCode(), result.toString());
    assertEquals(1, result.stderr().lines().count(), result.stderr());
  }

  @Test
  void call_sysinfo_jsonWithAgentVersion() throws Exception {
    Echomesh.Result result = beta("call", "alpha", "sysinfo");
    assertEquals(0, result.exitCode(), result.toString());
    assertTrue(JSON.readTree(result.stdout()).has("agentVersion"), result.stdout());
  }

  @Test
  void tasks_ofPeer_listsBuiltIns() throws Exception {
    Echomesh.Result result = beta("tasks", "alpha", "--json");
    assertEquals(0, result.exitCode(), result.toString());
    List<String> names = JSON.readTree(result.stdout()).findValuesAsText("name");
    assertTrue(names.containsAll(List.of("echo", "reverse", "sysinfo", "tasks")), names.toString());
  }

  @Test
  void peersJson_documentedFields() throws Exception {
    Echomesh.Result result = beta("peers", "--json");
    assertEquals(0, result.exitCode(), result.toString());
    JsonNode peers = JSON.readTree(result.stdout());
    assertEquals(1, peers.size(), result.stdout());
    JsonNode peer = peers.get(0);
    for (String field :
        List.of(
            "id",
            "name",
            "state",
            "addresses",
            "mac",
            "port",
            "rttMicros",
            "lastSeen",
            "interface",
            "lossPercent",
            "incarnation",
            "macMismatch")) {
      assertTrue(peer.has(field), "missing " + field + " in " + peer);
    }
    assertEquals(alphaId, peer.get("id").asText());
    assertEquals("alpha", peer.get("name").asText());
    assertEquals("ALIVE", peer.get("state").asText());
    assertTrue(peer.get("addresses").isArray());
    assertEquals("127.0.0.1", peer.get("addresses").get(0).asText());
    assertTrue(peer.get("mac").isTextual());
    assertEquals(alpha.linkPort(), peer.get("port").asInt());
    Instant lastSeen = Instant.parse(peer.get("lastSeen").asText());
    assertTrue(lastSeen.isAfter(Instant.EPOCH), lastSeen.toString());
  }

  @Test
  void peersTable_headerAndPeerRow() throws Exception {
    Echomesh.Result result = beta("peers");
    assertEquals(0, result.exitCode(), result.toString());
    List<String> lines = result.stdout().lines().toList();
    assertTrue(lines.get(0).startsWith("NAME"), result.stdout());
    assertTrue(
        lines.get(1).matches("alpha +" + alphaId.substring(0, 9) + " +ALIVE +127\\.0\\.0\\.1 .*"),
        result.stdout());
  }

  @Test
  void status_runningAgent_reportsItsNameAndPort() throws Exception {
    JsonNode status = JSON.readTree(beta("status", "--json").stdout());
    assertEquals("beta", status.get("name").asText());
    assertEquals(beta.pid(), status.get("pid").asLong());
  }
}
