package dev.echomesh.tools;

import static dev.echomesh.tools.CallCommandTest.assertOneLine;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine;

/** What every command shares: help, version, and one-line usage errors with exit code 2. */
class EchomeshCommandTest {

  @TempDir Path dataDir;

  private CliRun cli() {
    return new CliRun(dataDir);
  }

  @Test
  void noArguments_usageOnStderrExitTwo() {
    CliRun.Result result = cli().run();
    assertEquals(2, result.exitCode());
    assertTrue(result.stderr().contains("Usage: echomesh"), result.stderr());
    assertTrue(result.stderr().contains("peers"), result.stderr());
    assertEquals("", result.stdout());
  }

  @Test
  void unknownCommandWithHelp_oneLineExitTwo() {
    CliRun.Result result = cli().run("nosuch", "--help");
    assertEquals(2, result.exitCode(), result.toString());
    assertOneLine(result.stderr());
    assertTrue(result.stderr().startsWith("echomesh: unknown command 'nosuch'"), result.stderr());
    assertEquals("", result.stdout());
  }

  @Test
  void help_alone_usageOnStdoutExitZero() {
    CliRun.Result result = cli().run("--help");
    assertEquals(0, result.exitCode(), result.toString());
    assertTrue(result.stdout().contains("Usage: echomesh"), result.stdout());
  }

  @Test
  void commandLine_argsNamingACommand_holdsThatCommandAlone() {
    CommandLine commandLine = EchomeshCommand.commandLine(CliContext.system(), new String[] {"agent", "--help"});

    assertEquals(Set.of("agent"), commandLine.getSubcommands().keySet());
  }

  @Test
  void commandLine_argsNamingNoCommand_holdsEveryCommandInHelpOrder() {
    CommandLine commandLine = EchomeshCommand.commandLine(CliContext.system(), new String[] {"--help"});

    assertEquals(
        List.of("agent", "init", "join", "id", "ca", "status", "peers", "forget", "deny", "allow", "reload", "tasks", "call", "send", "get", "files", "broadcast", "ping", "serve", "dashboard", "doctor", "demo", "bench"),
        List.copyOf(commandLine.getSubcommands().keySet()));
  }

  @Test
  void version_printsVersion() {
    CliRun.Result result = cli().run("--version");
    assertEquals(0, result.exitCode());
    assertTrue(result.stdout().startsWith("echomesh "), result.stdout());
  }

  @ParameterizedTest
  @ValueSource(strings = {"init", "join", "id", "status", "peers", "forget", "deny", "allow", "reload", "tasks", "call", "broadcast"})
  void help_everyCommand_hasHelpAndDataDir(String command) {
    CliRun.Result result = cli().run(command, "--help");
    assertEquals(0, result.exitCode(), result.toString());
    assertTrue(result.stdout().contains("Usage: echomesh " + command), result.stdout());
    assertTrue(result.stdout().contains("--data-dir=DIR"), result.stdout());
    assertTrue(result.stdout().contains("-h, --help"), result.stdout());
  }

  @Test
  void unknownOption_oneLineWithHelpHintExitTwo() {
    CliRun.Result result = cli().run("peers", "--jsno");
    assertEquals(2, result.exitCode());
    assertOneLine(result.stderr());
    assertTrue(
        result.stderr().startsWith("echomesh peers: Unknown option: '--jsno'"), result.stderr());
    assertTrue(result.stderr().contains("did you mean --json?"), result.stderr());
    assertTrue(result.stderr().contains("see 'echomesh peers --help'"), result.stderr());
    assertEquals("", result.stdout());
  }

  @Test
  void unknownCommand_oneLineExitTwo_noSuggestionOfAnUnlikeCommand() {
    CliRun.Result result = cli().run("frobnicate");
    assertEquals(2, result.exitCode());
    assertOneLine(result.stderr());
    assertTrue(
        result.stderr().startsWith("echomesh: unknown command 'frobnicate'"), result.stderr());
    assertFalse(result.stderr().contains("did you mean"), result.stderr());
  }

  @Test
  void unknownCommand_aTypo_suggestsTheCommand() {
    CliRun.Result result = cli().run("agnet");
    assertEquals(2, result.exitCode());
    assertTrue(result.stderr().contains("(did you mean agent?)"), result.stderr());
  }

  @Test
  void missingParameter_oneLineExitTwo() {
    CliRun.Result result = cli().run("call", "alice");
    assertEquals(2, result.exitCode());
    assertOneLine(result.stderr());
    assertTrue(result.stderr().contains("TASK"), result.stderr());
  }

  @Test
  void tooManyParameters_oneLineExitTwo() {
    CliRun.Result result = cli().run("call", "alice", "echo", "a", "b");
    assertEquals(2, result.exitCode());
    assertOneLine(result.stderr());
  }

  @Test
  void dataDirFlag_winsOverEnvironment() {
    Path other = dataDir.resolve("other");
    CliRun.Result result = cli().run("status", "--data-dir", other.toString());
    assertEquals(3, result.exitCode());
    assertTrue(result.stderr().contains("data dir " + other + ":"), result.stderr());
  }
}
