package dev.echomesh.tools;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.task.TaskInfo;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.testing.FakeAgent;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code echomesh serve} against a control socket: calls are handed to the served task the way the
 * agent hands calls from peers (through the server's external tasks).
 */
class ServeCommandTest extends RunningAgentTest {

  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void serve_call_runsTheCommandWithThePayloadOnStdin() throws Exception {
    CliRun.Running running = cli.start("serve", "upper", "--", "tr", "a-z", "A-Z");
    awaitOffered("upper");
    TaskResult result = call("upper", "hello", Duration.ofSeconds(10));
    assertEquals(TaskStatus.OK, result.status(), result.toString());
    assertEquals("HELLO", result.payloadAsString());
    assertTrue(
        fixture.server.externalTasks().tasks()
            .contains(new TaskInfo("upper", "tr a-z A-Z", TaskInfo.EXTERNAL_PROGRAM)));
    fixture.server.close();
    assertEquals(ExitCodes.NO_AGENT, running.result.get(20, TimeUnit.SECONDS).exitCode());
  }

  @Test
  void serve_commandExitsNonZero_failedWithExitCodeAndStderr() throws Exception {
    cli.start("serve", "fails", "--", "sh", "-c", "echo 'disk on fire' >&2; exit 3");
    awaitOffered("fails");
    TaskResult result = call("fails", "", Duration.ofSeconds(10));
    assertEquals(TaskStatus.FAILED, result.status());
    assertEquals("exit code 3: disk on fire", result.message());
  }

  @Test
  void serve_commandOutlivesTheDeadline_killedAndTimeout() throws Exception {
    cli.start("serve", "slow", "--", "sleep", "30");
    awaitOffered("slow");
    TaskResult result = call("slow", "", Duration.ofMillis(700));
    assertEquals(TaskStatus.TIMEOUT, result.status(), result.toString());
  }

  @Test
  void serve_payloadWithShellSyntax_reachesTheCommandAsBytes() throws Exception {
    cli.start("serve", "cat", "--", "cat");
    awaitOffered("cat");
    String hostile = "; rm -rf / $(reboot) `id`\n";
    TaskResult result = call("cat", hostile, Duration.ofSeconds(10));
    assertEquals(hostile, result.payloadAsString());
  }

  @Test
  void serve_nameOfAnAgentTask_refusedWithExitOne() {
    fixture.agent.offerLocalTask(FakeAgent.task("own", "", request -> TaskResult.ok(new byte[0])));
    CliRun.Result result = cli.run("serve", "own", "--", "true");
    assertEquals(ExitCodes.ERROR, result.exitCode(), result.toString());
    assertTrue(result.stderr().contains("own"), result.stderr());
  }

  @Test
  void serve_allowOtherNode_callerDenied() throws Exception {
    cli.start("serve", "upper", "--allow", fixture.bob.id().toString(), "--", "tr", "a-z", "A-Z");
    awaitOffered("upper");
    TaskResult result = call("upper", "hello", Duration.ofSeconds(10));
    assertEquals(TaskStatus.DENIED, result.status(), result.toString());
  }

  @Test
  void serve_allowTheCaller_answered() throws Exception {
    cli.start("serve", "upper", "--allow", fixture.alice.id().toString(), "--", "tr", "a-z", "A-Z");
    awaitOffered("upper");
    TaskResult result = call("upper", "hello", Duration.ofSeconds(10));
    assertEquals("HELLO", result.payloadAsString(), result.toString());
  }

  @Test
  void serve_allowNotANodeId_usage() {
    CliRun.Result result = cli.run("serve", "upper", "--allow", "alice", "--", "true");
    assertEquals(ExitCodes.USAGE, result.exitCode(), result.toString());
    assertTrue(result.stderr().contains("--allow"), result.stderr());
  }

  @Test
  void serve_noCommand_usage() {
    CliRun.Result result = cli.run("serve", "x");
    assertEquals(ExitCodes.USAGE, result.exitCode(), result.toString());
  }

  private void awaitOffered(String task) {
    await()
        .atMost(WAIT)
        .until(
            () ->
                fixture.server.externalTasks().tasks().stream()
                    .anyMatch(t -> t.name().equals(task)));
  }

  private TaskResult call(String task, String payload, Duration timeout) throws Exception {
    return fixture
        .server
        .externalTasks()
        .start(
            new TaskRequest(
                fixture.alice.id(), task, payload.getBytes(UTF_8), Instant.now().plus(timeout)))
        .get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }
}
