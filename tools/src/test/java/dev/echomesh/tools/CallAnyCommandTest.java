package dev.echomesh.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code echomesh call --any}; the fake agent answers from its first ALIVE peer, alice. */
class CallAnyCommandTest extends RunningAgentTest {

  private String aliceShort() {
    return fixture.alice.id().toString().substring(0, 9);
  }

  @Test
  void callAny_ok_payloadOnStdoutAndTheAnsweringPeerOnStderr() {
    CliRun.Result result = cli.run("call", "--any", "reverse", "hello world");
    assertEquals(0, result.exitCode(), result.toString());
    assertEquals("dlrow olleh", result.stdout());
    assertEquals("answered by alice (" + aliceShort() + ") after trying 1 peer(s), 1 call(s)\n", result.stderr());
  }

  @Test
  void callAny_nonOk_statusLineThenLastCalledPeerAndItsExitCode() {
    CliRun.Result result = cli.run("call", "--any", "fail-DENIED");
    assertEquals(6, result.exitCode());
    assertEquals("DENIED: it went DENIED\nlast called alice (" + aliceShort() + ") after trying 1 peer(s), 1 call(s)\n",
        result.stderr());
    assertEquals("", result.stdout());
  }

  @Test
  void callAny_json_outcomeWithPeersTriedAndAttempts() throws IOException {
    CliRun.Result result = cli.run("call", "--any", "echo", "--select", "load", "--tag", "role=camera",
        "--idempotency-key", "order-17", "--json", "hi");
    assertEquals(0, result.exitCode(), result.toString());
    JsonNode json = new ObjectMapper().readTree(result.stdout());
    assertEquals(fixture.alice.id().toString(), json.get("id").asText());
    assertEquals("alice", json.get("name").asText());
    assertEquals("OK", json.get("status").asText());
    assertEquals(1, json.get("peersTried").asInt());
    assertEquals(1, json.get("attempts").asInt());
    assertEquals("hi", json.get("payload").asText());
    assertEquals("", result.stderr());
  }

  @Test
  void callAny_payloadFromStdin_sent() {
    assertEquals("piped", cli.stdin("piped").run("call", "--any", "echo", "-").stdout());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', value = {
      "call --any echo alice hi | give TASK to --any",
      "call alice echo --select load | go with --any",
      "call alice echo --tag role=camera | go with --any",
      "call --any echo --select fastest | rtt, load or random",
      "call --any echo --tag role | KEY=VALUE",
      "call --any echo --tag =camera | KEY=VALUE",
      "call --any echo --idempotency-key two_words_ok_but_this_one_is_far_too_long_for_the_agent_to_keep_x | 1 to 64",
      "call alice | PEER and TASK are required"})
  void call_badAnyUsage_usageExitTwoOneLine(String args, String expected) {
    CliRun.Result result = cli.run(args.split(" "));
    assertEquals(2, result.exitCode(), result.toString());
    CallCommandTest.assertOneLine(result.stderr());
    assertTrue(result.stderr().contains(expected), result.stderr());
  }

  @Test
  void help_showsBothFormsAndTheAnyOptions() {
    String help = cli.run("call", "--help").stdout();
    assertTrue(help.contains("--any TASK"), help);
    assertTrue(help.contains("--select=rtt|load|random"), help);
    assertTrue(help.contains("echomesh call --any sysinfo --select load --tag role=camera --json"), help);
  }
}
