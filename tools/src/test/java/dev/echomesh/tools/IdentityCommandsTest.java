package dev.echomesh.tools;

import static dev.echomesh.tools.CallCommandTest.assertOneLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echomesh.agent.identity.CaTool;
import dev.echomesh.agent.identity.DataDirectory;
import dev.echomesh.agent.identity.IdentityStore;
import dev.echomesh.agent.identity.NodeId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** init, join and id. */
class IdentityCommandsTest {

  @TempDir Path temp;

  @Test
  void init_freshDir_joinCodeAloneOnStdout() {
    CliRun.Result result = new CliRun(temp.resolve("a")).run("init");
    assertEquals(0, result.exitCode(), result.toString());
    assertTrue(result.stdout().matches("EM1(-[A-Z2-7]{4}){14}\n"), result.stdout());
    assertTrue(result.stderr().contains("echomesh join"), result.stderr());
    assertFalse(
        result.stderr().contains(result.stdout().strip()), "the code is not repeated in guidance");
  }

  @Test
  void init_twice_refusedExitOneOneLine() {
    CliRun cli = new CliRun(temp.resolve("a"));
    cli.run("init");
    CliRun.Result again = cli.run("init");
    assertEquals(1, again.exitCode());
    assertOneLine(again.stderr());
    assertTrue(again.stderr().contains("--force"), again.stderr());
  }

  @Test
  void join_codeFromInit_sameMeshIdInBothDirs() throws Exception {
    String code = new CliRun(temp.resolve("a")).run("init").stdout().strip();
    CliRun.Result joined = new CliRun(temp.resolve("b")).run("join", code);
    assertEquals(0, joined.exitCode(), joined.toString());
    assertTrue(joined.stdout().startsWith("Joined mesh "), joined.stdout());
    assertEquals(
        Files.readString(temp.resolve("a").resolve("mesh.key")).strip(),
        Files.readString(temp.resolve("b").resolve("mesh.key")).strip());
  }

  @Test
  void join_codeOnStdin_accepted() {
    String code = new CliRun(temp.resolve("a")).run("init").stdout();
    CliRun.Result joined = new CliRun(temp.resolve("b")).stdin(code).run("join", "-");
    assertEquals(0, joined.exitCode(), joined.toString());
  }

  @Test
  void join_truncatedCode_oneLineReasonExitTwo() {
    String code = new CliRun(temp.resolve("a")).run("init").stdout().strip();
    CliRun.Result result = new CliRun(temp.resolve("b")).run("join", code.substring(0, 40));
    assertEquals(2, result.exitCode());
    assertOneLine(result.stderr());
    assertTrue(result.stderr().contains("truncated"), result.stderr());
    assertFalse(Files.exists(temp.resolve("b").resolve("mesh.key")));
  }

  @Test
  void id_printsStableNodeId() {
    CliRun cli = new CliRun(temp.resolve("a"));
    CliRun.Result first = cli.run("id");
    assertEquals(0, first.exitCode(), first.toString());
    NodeId id = NodeId.parse(first.stdout().strip());
    assertEquals(id.toString() + "\n", cli.run("id").stdout());
  }

  @Test
  void id_meshKeyMode_trustLineOnStderr() {
    CliRun cli = new CliRun(temp.resolve("a"));
    cli.run("init");
    CliRun.Result result = cli.run("id");
    assertEquals(0, result.exitCode(), result.toString());
    assertTrue(result.stderr().startsWith("trust: mesh key; mesh "), result.stderr());
  }

  @Test
  void id_caMode_certificatesNodeIdAndSiteCaTrust() throws Exception {
    Path node = issueCaNode(Duration.ofDays(30));
    CliRun cli = new CliRun(node);

    CliRun.Result result = cli.run("id");
    assertEquals(0, result.exitCode(), result.toString());
    assertEquals(new IdentityStore(DataDirectory.of(node)).nodeId() + "\n", result.stdout());
    assertTrue(result.stderr().startsWith("trust: site CA (CN=Lab CA,O=echomesh), certificate valid until "
        + CliRun.NOW.plus(Duration.ofDays(30))), result.stderr());

    JsonNode json = new ObjectMapper().readTree(cli.run("id", "--json").stdout());
    assertEquals(result.stdout().strip(), json.get("id").asText());
    assertEquals("ca", json.get("trustMode").asText());
    assertEquals("CN=Lab CA,O=echomesh", json.get("certificate").get("issuer").asText());
    assertEquals(CliRun.NOW.plus(Duration.ofDays(30)).toString(), json.get("certificate").get("notAfter").asText());
  }

  @Test
  void id_caModeExpiredCertificate_oneLineNamingNodeCrtExitOne() {
    Path node = issueAt(CliRun.NOW.minus(Duration.ofDays(10)), "kitchen", Duration.ofDays(1));

    CliRun.Result result = new CliRun(node).run("id");
    assertEquals(1, result.exitCode(), result.toString());
    assertOneLine(result.stderr());
    assertTrue(result.stderr().startsWith("echomesh: " + node.resolve("node.crt") + " expired on "), result.stderr());
  }

  private Path issueCaNode(Duration validity) {
    return issueAt(CliRun.NOW, "kitchen", validity);
  }

  private Path issueAt(java.time.Instant now, String name, Duration validity) {
    Path ca = temp.resolve("ca");
    CaTool tool = new CaTool(Clock.fixed(now, ZoneOffset.UTC));
    if (!Files.exists(ca)) {
      tool.initCa(ca, "Lab CA", Duration.ofDays(3650));
    }
    tool.issue(ca, name, temp.resolve(name), validity);
    return temp.resolve(name);
  }
}
