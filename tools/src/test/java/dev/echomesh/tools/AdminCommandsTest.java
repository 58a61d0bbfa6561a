package dev.echomesh.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echomesh.agent.ConfigException;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.testing.TestPeers;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** {@code echomesh deny}, {@code allow}, {@code reload} and {@code forget} against a fake agent. */
class AdminCommandsTest extends RunningAgentTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  void deny_knownPeerByName_deniedAndListed() {
    CliRun.Result result = cli.run("deny", "alice");
    assertEquals(0, result.exitCode(), result.toString());
    assertEquals("node " + fixture.alice.id() + " denied (1 denied)\n", result.stdout());
    assertTrue(fixture.agent.deniedNodes().contains(fixture.alice.id()));
  }

  @Test
  void deny_unknownFullId_deniedEvenThoughNeverSeen() throws IOException {
    NodeId stranger = TestPeers.nodeId("stranger");
    CliRun.Result result = cli.run("deny", stranger.toString(), "--json");
    assertEquals(0, result.exitCode(), result.toString());
    JsonNode answer = JSON.readTree(result.stdout());
    assertEquals(stranger.toString(), answer.get("node").asText());
    assertTrue(answer.get("changed").asBoolean());
    assertEquals(stranger.toString(), answer.get("denied").get(0).asText());
  }

  @Test
  void deny_twice_secondSaysAlreadyDenied() {
    cli.run("deny", "alice");
    CliRun.Result again = cli.run("deny", "alice");
    assertEquals(0, again.exitCode(), again.toString());
    assertTrue(again.stdout().contains("was already denied"), again.stdout());
  }

  @Test
  void deny_nothingMatches_exitFour() {
    CliRun.Result result = cli.run("deny", "nobody");
    assertEquals(4, result.exitCode(), result.toString());
    assertTrue(result.stderr().startsWith("echomesh: "), result.stderr());
  }

  @Test
  void deny_thisNode_usageError() {
    CliRun.Result result = cli.run("deny", fixture.agent.nodeId().toString());
    assertEquals(2, result.exitCode(), result.toString());
    assertTrue(result.stderr().contains("this node itself"), result.stderr());
    assertTrue(fixture.agent.deniedNodes().isEmpty());
  }

  @Test
  void allow_deniedNodeByPrefix_allowedAgain() {
    fixture.agent.deny(fixture.bob.id());
    CliRun.Result result = cli.run("allow", fixture.bob.id().shortForm());
    assertEquals(0, result.exitCode(), result.toString());
    assertEquals("node " + fixture.bob.id() + " allowed again (0 denied)\n", result.stdout());
    assertFalse(fixture.agent.deniedNodes().contains(fixture.bob.id()));
  }

  @Test
  void allow_notDenied_changedFalse() throws IOException {
    CliRun.Result result = cli.run("allow", fixture.alice.id().toString(), "--json");
    assertEquals(0, result.exitCode(), result.toString());
    assertFalse(JSON.readTree(result.stdout()).get("changed").asBoolean());
  }

  @Test
  void allow_deniedByConfigFile_exitOneWithTheReason() {
    fixture.agent.denyByConfig(fixture.bob.id());
    CliRun.Result result = cli.run("allow", fixture.bob.id().toString());
    assertEquals(1, result.exitCode(), result.toString());
    assertTrue(result.stderr().contains("config file"), result.stderr());
    assertTrue(fixture.agent.deniedNodes().contains(fixture.bob.id()));
  }

  @Test
  void reload_goodConfig_reloadedExitZero() {
    CliRun.Result result = cli.run("reload");
    assertEquals(0, result.exitCode(), result.toString());
    assertEquals("reloaded\n", result.stdout());
    assertEquals(1, fixture.agent.reloads());
  }

  @Test
  void reload_badConfigFile_exitOneWithTheOneLineError() {
    fixture.agent.failReloads(
        new ConfigException(Path.of("/etc/echomesh.conf"), 7, "deny", "not a node ID"));
    CliRun.Result result = cli.run("reload");
    assertEquals(1, result.exitCode(), result.toString());
    assertEquals("echomesh: /etc/echomesh.conf:7: not a node ID\n", result.stderr());
    assertEquals("", result.stdout());
  }

  @Test
  void forget_knownPeer_removedAndPrinted() {
    CliRun.Result result = cli.run("forget", "bob");
    assertEquals(0, result.exitCode(), result.toString());
    assertEquals("forgot bob (" + fixture.bob.id().shortForm() + "), SUSPECT\n", result.stdout());
    assertTrue(fixture.agent.findPeer("bob").isEmpty());
  }

  @Test
  void forget_json_peerAsItWas() throws IOException {
    CliRun.Result result = cli.run("forget", "alice", "--json");
    assertEquals(0, result.exitCode(), result.toString());
    assertEquals(fixture.alice.id().toString(), JSON.readTree(result.stdout()).get("id").asText());
  }

  @Test
  void forget_unknownPeer_exitFour() {
    CliRun.Result result = cli.run("forget", "nobody");
    assertEquals(4, result.exitCode(), result.toString());
    assertEquals(2, fixture.agent.peers().size());
  }

  @Test
  void forget_noAgent_exitThree() {
    fixture.close();
    assertEquals(3, cli.run("forget", "bob").exitCode());
  }
}
