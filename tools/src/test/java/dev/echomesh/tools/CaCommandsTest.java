package dev.echomesh.tools;

import static dev.echomesh.tools.CallCommandTest.assertOneLine;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echomesh.agent.identity.CaTool;
import dev.echomesh.agent.identity.DataDirectory;
import dev.echomesh.agent.identity.IdentityStore;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.identity.TrustMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ca init and ca issue. */
class CaCommandsTest {

  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path temp;

  private CliRun cli() {
    return new CliRun(temp.resolve("data"));
  }

  private Path initCa() {
    Path ca = temp.resolve("ca");
    CliRun.Result result = cli().run("ca", "init", "--dir", ca.toString(), "--name", "Lab CA");
    assertEquals(0, result.exitCode(), result.toString());
    return ca;
  }

  private static String mode(Path path) throws Exception {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  @Test
  void caInit_newDir_ownerOnlyFilesAndSaysWhatToKeepOffline() throws Exception {
    Path ca = temp.resolve("ca");
    CliRun.Result result = cli().run("ca", "init", "--dir", ca.toString(), "--name", "Lab CA");

    assertEquals(0, result.exitCode(), result.toString());
    assertEquals("rwx------", mode(ca));
    assertEquals("rw-------", mode(ca.resolve("ca.key")));
    assertEquals("rw-------", mode(ca.resolve("mesh.key")));
    assertTrue(Files.exists(ca.resolve("ca.crt")));
    assertTrue(result.stdout().startsWith("Made site CA 'Lab CA' in " + ca), result.stdout());
    assertTrue(result.stdout().contains("ca.key    the CA's private key: KEEP IT OFFLINE"), result.stdout());
    assertFalse(
        result.stdout().contains(Files.readString(ca.resolve("mesh.key")).strip()), "mesh key printed");
  }

  @Test
  void caInit_json_fieldsAndValidity() throws Exception {
    Path ca = temp.resolve("ca");
    CliRun.Result result = cli().run("ca", "init", "--dir", ca.toString(), "--days", "30", "--json");

    assertEquals(0, result.exitCode(), result.toString());
    JsonNode json = JSON.readTree(result.stdout());
    assertEquals(ca.toString(), json.get("dir").asText());
    assertEquals("echomesh site CA", json.get("name").asText());
    assertEquals(CliRun.NOW.plus(Duration.ofDays(30)).toString(), json.get("notAfter").asText());
    assertEquals(ca.resolve("ca.key").toString(), json.get("caKey").asText());
    assertEquals(
        new IdentityStore(DataDirectory.of(ca)).meshId().orElseThrow(), json.get("meshId").asText());
  }

  @Test
  void caInit_defaults_dirInTheWorkingDirectoryAndCaToolsValidity() {
    CaInitCommand command = new CaInitCommand();
    new picocli.CommandLine(command).parseArgs();
    assertEquals(Path.of("echomesh-ca"), command.dir);
    assertEquals(CaTool.DEFAULT_CA_VALIDITY.toDays(), command.days);
  }

  @Test
  void caInit_existingCa_refusedOneLineExitOneNothingReplaced() throws Exception {
    Path ca = initCa();
    byte[] key = Files.readAllBytes(ca.resolve("ca.key"));

    CliRun.Result again = cli().run("ca", "init", "--dir", ca.toString());
    assertEquals(1, again.exitCode(), again.toString());
    assertOneLine(again.stderr());
    assertTrue(again.stderr().contains("already holds a CA key"), again.stderr());
    assertArrayEquals(key, Files.readAllBytes(ca.resolve("ca.key")));
  }

  @Test
  void caInit_badDays_usageExitTwo() {
    CliRun.Result result = cli().run("ca", "init", "--dir", temp.resolve("ca").toString(), "--days", "0");
    assertEquals(2, result.exitCode());
    assertOneLine(result.stderr());
    assertFalse(Files.exists(temp.resolve("ca")));
  }

  @Test
  void ca_withoutSubcommand_usageExitTwo() {
    CliRun.Result result = cli().run("ca");
    assertEquals(2, result.exitCode());
    assertEquals("echomesh ca: missing command (init or issue); see 'echomesh ca --help'\n", result.stderr());
  }

  @Test
  void help_everyCaCommand_exitZero() {
    for (String[] args : new String[][] {{"ca", "--help"}, {"ca", "init", "--help"}, {"ca", "issue", "--help"}}) {
      CliRun.Result result = cli().run(args);
      assertEquals(0, result.exitCode(), result.toString());
      assertTrue(result.stdout().startsWith("Usage: echomesh ca"), result.stdout());
    }
  }

  @Test
  void caIssue_twoNodes_completeCaModeDataDirsWithTheCasMeshKey() throws Exception {
    Path ca = initCa();
    Path kitchen = temp.resolve("kitchen");
    CliRun.Result result =
        cli().run("ca", "issue", "--ca", ca.toString(), "--name", "kitchen", "--out", kitchen.toString());
    assertEquals(0, result.exitCode(), result.toString());
    CliRun.Result second =
        cli().run("ca", "issue", "--ca", ca.toString(), "--name", "pantry", "--out", temp.resolve("pantry").toString());
    assertEquals(0, second.exitCode(), second.toString());

    assertEquals("rwx------", mode(kitchen));
    assertEquals("rw-------", mode(kitchen.resolve("node.key")));
    assertEquals("rw-------", mode(kitchen.resolve("mesh.key")));
    assertEquals(-1L, Files.mismatch(ca.resolve("mesh.key"), kitchen.resolve("mesh.key")));
    assertEquals(-1L, Files.mismatch(ca.resolve("ca.crt"), kitchen.resolve("ca.crt")));
    IdentityStore store = new IdentityStore(DataDirectory.of(kitchen));
    assertEquals(TrustMode.CA, store.trustMode());
    NodeId id = store.load("kitchen").nodeId();
    assertTrue(result.stdout().contains("Node ID: " + id + "\n"), result.stdout());
    assertTrue(result.stdout().contains("echomesh agent --data-dir"), result.stdout());
    assertFalse(id.equals(new IdentityStore(DataDirectory.of(temp.resolve("pantry"))).nodeId()));
  }

  @Test
  void caIssue_json_fields() throws Exception {
    Path ca = initCa();
    Path out = temp.resolve("kitchen");
    CliRun.Result result =
        cli().run("ca", "issue", "--ca", ca.toString(), "--name", "kitchen", "--out", out.toString(), "--json");

    assertEquals(0, result.exitCode(), result.toString());
    JsonNode json = JSON.readTree(result.stdout());
    assertEquals(new IdentityStore(DataDirectory.of(out)).nodeId().toString(), json.get("id").asText());
    assertEquals("kitchen", json.get("name").asText());
    assertEquals(out.toString(), json.get("dataDir").asText());
    assertEquals(
        CliRun.NOW.plus(CaTool.DEFAULT_NODE_VALIDITY).toString(), json.get("notAfter").asText());
    assertEquals(
        new IdentityStore(DataDirectory.of(ca)).meshId().orElseThrow(), json.get("meshId").asText());
  }

  @Test
  void caIssue_existingOut_refusedOneLineExitOne() throws Exception {
    Path ca = initCa();
    Path out = temp.resolve("kitchen");
    cli().run("ca", "issue", "--ca", ca.toString(), "--name", "kitchen", "--out", out.toString());
    String key = Files.readString(out.resolve("node.key"));

    CliRun.Result again =
        cli().run("ca", "issue", "--ca", ca.toString(), "--name", "kitchen", "--out", out.toString());
    assertEquals(1, again.exitCode(), again.toString());
    assertOneLine(again.stderr());
    assertTrue(again.stderr().contains(out.resolve("node.key") + " already holds a node key"), again.stderr());
    assertEquals(key, Files.readString(out.resolve("node.key")));
  }

  @Test
  void caIssue_outIsTheCaDir_usageExitTwo() {
    Path ca = initCa();
    CliRun.Result result = cli().run("ca", "issue", "--ca", ca.toString(), "--name", "x", "--out", ca.toString());
    assertEquals(2, result.exitCode(), result.toString());
    assertOneLine(result.stderr());
    assertFalse(Files.exists(ca.resolve("node.key")));
  }

  @Test
  void caIssue_noCa_oneLineNamingCaKeyExitOne() {
    Path missing = temp.resolve("no-ca");
    CliRun.Result result =
        cli().run("ca", "issue", "--ca", missing.toString(), "--name", "x", "--out", temp.resolve("x").toString());
    assertEquals(1, result.exitCode(), result.toString());
    assertEquals("echomesh: missing " + missing.resolve("ca.key") + ": run `echomesh ca init` first\n", result.stderr());
    assertFalse(Files.exists(temp.resolve("x")));
  }

  @Test
  void caIssue_badName_usageExitTwo() {
    Path ca = initCa();
    CliRun.Result result =
        cli().run("ca", "issue", "--ca", ca.toString(), "--name", "", "--out", temp.resolve("x").toString());
    assertEquals(2, result.exitCode(), result.toString());
    assertOneLine(result.stderr());
    assertFalse(Files.exists(temp.resolve("x")));
  }

  @Test
  void caIssue_missingRequiredOption_usageExitTwo() {
    CliRun.Result result = cli().run("ca", "issue", "--name", "x", "--out", temp.resolve("x").toString());
    assertEquals(2, result.exitCode(), result.toString());
    assertOneLine(result.stderr());
    assertTrue(result.stderr().contains("--ca"), result.stderr());
  }

  @Test
  void caIssue_defaultDays_isCaToolsDefault() {
    CaIssueCommand command = new CaIssueCommand();
    new picocli.CommandLine(command).parseArgs("--ca", "c", "--name", "n", "--out", "o");
    assertEquals(CaTool.DEFAULT_NODE_VALIDITY.toDays(), command.days);
  }
}
