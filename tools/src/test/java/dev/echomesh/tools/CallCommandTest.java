package dev.echomesh.tools;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echomesh.agent.task.TaskStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CallCommandTest {

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
  void call_ok_payloadOnStdoutExactlyAndExitZero() {
    CliRun.Result result = cli.run("call", "alice", "reverse", "hello world");
    assertEquals(0, result.exitCode(), result.toString());
    assertEquals("dlrow olleh", result.stdout());
    assertEquals("", result.stderr());
  }

  @Test
  void call_okOnTerminal_finalNewlineAdded() {
    CliRun.Result result = cli.terminal(true).run("call", "alice", "echo", "hi");
    assertEquals("hi\n", result.stdout());
  }

  @Test
  void call_byIdPrefix_reachesThePeer() {
    String prefix = fixture.alice.id().toString().substring(0, 4);
    assertEquals("x", cli.run("call", prefix, "echo", "x").stdout());
  }

  static Stream<Arguments> statuses() {
    return Stream.of(
        Arguments.of(TaskStatus.NOT_FOUND, 5),
        Arguments.of(TaskStatus.DENIED, 6),
        Arguments.of(TaskStatus.INVALID, 7),
        Arguments.of(TaskStatus.FAILED, 8),
        Arguments.of(TaskStatus.TIMEOUT, 9),
        Arguments.of(TaskStatus.OVERLOADED, 10),
        Arguments.of(TaskStatus.CANCELLED, 11),
        Arguments.of(TaskStatus.UNAVAILABLE, 12));
  }

  @ParameterizedTest(name = "{0} -> exit {1}")
  @MethodSource("statuses")
  void call_nonOkStatus_statusLineOnStderrAndItsExitCode(TaskStatus status, int exitCode) {
    CliRun.Result result = cli.run("call", "alice", "fail-" + status);
    assertEquals(exitCode, result.exitCode(), result.toString());
    assertEquals(status + ": it went " + status + "\n", result.stderr());
    assertEquals("", result.stdout());
  }

  @Test
  void call_unknownTask_notFoundExitFive() {
    CliRun.Result result = cli.run("call", "alice", "nope");
    assertEquals(5, result.exitCode());
    assertTrue(result.stderr().startsWith("NOT_FOUND: "), result.stderr());
  }

  @Test
  void call_unknownPeer_exitFourOneLine() {
    CliRun.Result result = cli.run("call", "zed", "echo");
    assertEquals(4, result.exitCode());
    assertOneLine(result.stderr());
    assertTrue(result.stderr().contains("'zed'"), result.stderr());
  }

  @Test
  void call_noAgent_exitThreeOneLineNamingDataDir() {
    fixture.close();
    CliRun.Result result = cli.run("call", "alice", "echo", "x");
    assertEquals(3, result.exitCode());
    assertEquals(
        "echomesh: no agent running for data dir "
            + dataDir
            + ": start one with `echomesh agent`\n",
        result.stderr());
  }

  @Test
  void call_payloadFromStdin_sent() {
    CliRun.Result result = cli.stdin("from stdin").run("call", "alice", "echo", "-");
    assertEquals("from stdin", result.stdout());
  }

  @Test
  void call_payloadFromFile_sentByteForByte() throws IOException {
    byte[] bytes = new byte[256];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) i;
    }
    Path file = Files.write(dataDir.resolve("payload.bin"), bytes);
    CliRun.Result result = cli.run("call", "alice", "echo", "@" + file);
    assertArrayEquals(bytes, result.stdoutBytes());
  }

  @Test
  void call_doubleAt_literalTextStartingWithAt() {
    assertEquals("@home", cli.run("call", "alice", "echo", "@@home").stdout());
  }

  @Test
  void call_missingPayloadFile_usageExitTwoWithHint() {
    CliRun.Result result = cli.run("call", "alice", "echo", "@no-such-file");
    assertEquals(2, result.exitCode());
    assertOneLine(result.stderr());
    assertTrue(result.stderr().contains("@@no-such-file"), result.stderr());
  }

  @Test
  void call_json_objectWithDocumentedFields() throws IOException {
    CliRun.Result result = cli.run("call", "alice", "echo", "hi", "--json");
    assertEquals(0, result.exitCode());
    JsonNode json = new ObjectMapper().readTree(result.stdout());
    assertEquals(fixture.alice.id().toString(), json.get("id").asText());
    assertEquals("alice", json.get("name").asText());
    assertEquals("OK", json.get("status").asText());
    assertEquals("", json.get("message").asText());
    assertEquals("hi", json.get("payload").asText());
  }

  @Test
  void call_jsonWithBinaryResult_payloadBase64() throws IOException {
    JsonNode json =
        new ObjectMapper().readTree(cli.run("call", "alice", "binary", "--json").stdout());
    assertArrayEquals(
        new byte[] {(byte) 0xff, 0, 1},
        Base64.getDecoder().decode(json.get("payloadBase64").asText()));
    assertTrue(json.get("payload") == null);
  }

  @Test
  void call_jsonWithFailure_statusInJsonAndExitCode() throws IOException {
    CliRun.Result result = cli.run("call", "alice", "fail-DENIED", "--json");
    assertEquals(6, result.exitCode());
    assertEquals("DENIED", new ObjectMapper().readTree(result.stdout()).get("status").asText());
  }

  @Test
  void call_timeoutOption_badDuration_usageExitTwoOneLine() {
    CliRun.Result result = cli.run("call", "alice", "echo", "--timeout", "5x");
    assertEquals(2, result.exitCode());
    assertOneLine(result.stderr());
    assertTrue(result.stderr().contains("'5x' is not a duration"), result.stderr());
    assertTrue(result.stderr().contains("see 'echomesh call --help'"), result.stderr());
  }

  @Test
  void call_zeroTimeout_usageExitTwo() {
    assertEquals(2, cli.run("call", "alice", "echo", "--timeout", "0s").exitCode());
  }

  @Test
  void help_listsExitCodes() {
    CliRun.Result result = cli.run("call", "--help");
    assertEquals(0, result.exitCode());
    assertTrue(result.stdout().contains("Exit codes:"), result.stdout());
    assertTrue(
        result.stdout().contains("UNAVAILABLE: the peer could not be reached"), result.stdout());
    assertTrue(result.stdout().contains("--data-dir=DIR"), result.stdout());
  }

  static void assertOneLine(String text) {
    assertTrue(
        text.endsWith("\n") && text.indexOf('\n') == text.length() - 1,
        "one line expected: " + text);
  }

  static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
