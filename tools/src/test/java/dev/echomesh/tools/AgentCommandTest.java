package dev.echomesh.tools;

import static dev.echomesh.tools.CallCommandTest.assertOneLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.identity.DataDirectory;
import dev.echomesh.agent.identity.IdentityStore;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The ways `echomesh agent` refuses to start; running and stopping are in the process IT. */
class AgentCommandTest {

  @TempDir Path dataDir;

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource({
    "--peer, :47200",
    "--peer, 127.0.0.1:0",
    "--peer, 127.0.0.1:http",
    "--peer, ::1:47200",
    "--bind, localhost",
    "--bind, 10.0.0",
    "--port, 70000",
    "--port, -1",
    "--port, seven",
    "--udp-port, 70000",
    "--udp-port, -1",
    "--include, ''",
  })
  void agent_badOption_oneLineUsageErrorExitTwo(String option, String value) {
    CliRun.Result result = new CliRun(dataDir).run("agent", option, value);
    assertEquals(2, result.exitCode(), result.toString());
    assertOneLine(result.stderr());
    assertTrue(result.stderr().startsWith("echomesh agent: "), result.stderr());
  }

  @Test
  void agent_configFileWithATypo_oneLineNamingFileLineAndKeyExitOne() throws Exception {
    Files.writeString(dataDir.resolve("echomesh.toml"), "name = \"a\"\n[link]\nprot = 1\n");
    CliRun.Result result = new CliRun(dataDir).run("agent", "--bind", "127.0.0.1");
    assertEquals(1, result.exitCode(), result.toString());
    assertOneLine(result.stderr());
    assertTrue(result.stderr().contains("echomesh.toml:3: unknown key link.prot"), result.stderr());
  }

  @Test
  void agent_allowListForATaskThisNodeLacks_oneLineNamingTheFileLineExitOne() throws Exception {
    new IdentityStore(DataDirectory.of(dataDir)).init(false);
    Files.writeString(dataDir.resolve("echomesh.toml"), "\n[tasks.ehco]\nallow = []\n");
    CliRun.Result result = new CliRun(dataDir).run("agent", "--port", "0", "--bind", "127.0.0.1");
    assertEquals(1, result.exitCode(), result.toString());
    assertOneLine(result.stderr());
    assertTrue(result.stderr().contains("echomesh.toml:2: tasks.ehco: an allow-list names task 'ehco'"),
        result.stderr());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      program missing       | '\n[tasks.up]\ncommand = ["/nonexistent/up"]' | echomesh.toml:3: tasks.up.command[0] /nonexistent/up is not an executable file
      name of a built-in    | '[tasks.echo]\ncommand = ["/bin/echo"]'       | echomesh.toml:2: tasks.echo: this node already has a task 'echo'
      """)
  void agent_commandTaskThatCannotBeMade_oneLineNamingTheFileLineExitOne(String what, String toml, String expected)
      throws Exception {
    new IdentityStore(DataDirectory.of(dataDir)).init(false);
    Files.writeString(dataDir.resolve("echomesh.toml"), toml.replace("\\n", "\n"));
    CliRun.Result result = new CliRun(dataDir).run("agent", "--port", "0", "--bind", "127.0.0.1");
    assertEquals(1, result.exitCode(), result.toString());
    assertOneLine(result.stderr());
    assertTrue(result.stderr().contains(expected), result.stderr());
  }

  @Test
  void agent_missingExplicitConfigFile_oneLineExitOne() {
    CliRun.Result result = new CliRun(dataDir).run("agent", "--config", dataDir.resolve("nope.toml").toString());
    assertEquals(1, result.exitCode(), result.toString());
    assertOneLine(result.stderr());
    assertTrue(result.stderr().contains("nope.toml: no such file"), result.stderr());
  }

  @Test
  void agent_noMeshKey_oneLineTellingToInitExitOne() {
    CliRun.Result result = new CliRun(dataDir).run("agent", "--port", "0", "--bind", "127.0.0.1");
    assertEquals(1, result.exitCode(), result.toString());
    assertOneLine(result.stderr());
    assertTrue(result.stderr().contains("echomesh init"), result.stderr());
  }

  @Test
  void agent_alreadyRunningOnDataDir_oneLineExitOne() throws Exception {
    DataDirectory directory = DataDirectory.of(dataDir);
    new IdentityStore(directory).init(false);
    AgentRunner running =
        AgentRunner.start(
            directory,
            new AgentRunner.Options("alpha", 0, InetAddress.getLoopbackAddress(), List.of()),
            java.util.Map.of());
    try {
      CliRun.Result result = new CliRun(dataDir).run("agent", "--port", "0", "--bind", "127.0.0.1");
      assertEquals(1, result.exitCode(), result.toString());
      assertOneLine(result.stderr());
      assertTrue(
          result.stderr().contains("already running for data dir " + dataDir), result.stderr());
      assertTrue(result.stderr().contains("pid " + ProcessHandle.current().pid()), result.stderr());
    } finally {
      running.stop();
    }
  }
}
