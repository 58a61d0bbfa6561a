package dev.echomesh.agent.task.command;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.testing.TestPeers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Command tasks running real programs (/bin/sh, /bin/cat, ...) on this machine. */
class CommandTaskTest {

  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final Duration CALL_DEADLINE = Duration.ofSeconds(60);
  private static final NodeId CALLER = TestPeers.nodeId("alpha");
  private static final Map<String, String> AGENT_ENV =
      Map.of("LANG", "C.UTF-8", "SECRET_TOKEN", "hunter2", "PATH", "/usr/bin:/bin", "HOME", "/root");

  @TempDir
  Path dir;

  private final ExecutorService callers = Executors.newCachedThreadPool();

  @AfterEach
  void tearDown() throws InterruptedException {
    callers.shutdownNow();
    assertTrue(callers.awaitTermination(WAIT.toSeconds(), TimeUnit.SECONDS), "a handler did not return");
  }

  private static CommandTaskSpec.Builder spec(String... command) {
    return CommandTaskSpec.builder("cmd").command(List.of(command));
  }

  private static CommandTask task(CommandTaskSpec.Builder spec) {
    CallerNames names = id -> id.equals(CALLER) ? Optional.of("alpha") : Optional.empty();
    return new CommandTask(spec.build(), names, ProcessGroup.Tools.find(), AGENT_ENV::get, Clock.systemUTC());
  }

  private static TaskRequest request(byte[] payload) {
    return new TaskRequest(CALLER, "cmd", payload, Instant.now().plus(CALL_DEADLINE));
  }

  private static TaskResult call(CommandTask task, String payload) throws InterruptedException {
    return task.handle(request(payload.getBytes(StandardCharsets.UTF_8)));
  }

  /** A shell script that ignores SIGTERM, starts children that ignore it too, and writes their pids. */
  private String stubbornScript() {
    return "trap '' TERM\n"
        + "/bin/sleep 301 &\n"
        + "echo $! > " + dir.resolve("child.tmp") + "\n"
        + "(/bin/sleep 302 & echo $! > " + dir.resolve("orphan.tmp") + ")\n" // its parent exits at once
        + "echo $$ > " + dir.resolve("leader.tmp") + "\n"
        + "/bin/mv " + dir.resolve("child.tmp") + " " + dir.resolve("child.pid") + "\n"
        + "/bin/mv " + dir.resolve("orphan.tmp") + " " + dir.resolve("orphan.pid") + "\n"
        + "/bin/mv " + dir.resolve("leader.tmp") + " " + dir.resolve("leader.pid") + "\n"
        + "/bin/sleep 303\n";
  }

  private long awaitPid(String name) {
    Path file = dir.resolve(name);
    await("pid file " + name).atMost(WAIT).until(() -> Files.exists(file));
    try {
      return LiveProcesses.readPid(file);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  private void assertStubbornGroupGone() {
    long leader = awaitPid("leader.pid");
    long child = awaitPid("child.pid");
    long orphan = awaitPid("orphan.pid");
    await("the whole group is gone").atMost(WAIT).until(() ->
        !LiveProcesses.running(leader, "sh") && !LiveProcesses.running(child, "301")
            && !LiveProcesses.running(orphan, "302"));
  }

  @Test
  void handle_cat_returnsStdinAsResult() throws Exception {
    TaskResult result = call(task(spec("/bin/cat")), "hello\nworld");

    assertEquals(TaskStatus.OK, result.status(), result.toString());
    assertEquals("hello\nworld", result.payloadAsString());
  }

  @Test
  void handle_emptyOutput_isOkWithEmptyPayload() throws Exception {
    TaskResult result = call(task(spec("/bin/sh", "-c", "exit 0")), "");

    assertEquals(TaskStatus.OK, result.status(), result.toString());
    assertEquals(0, result.payload().length);
  }

  @Test
  void handle_manyMegabytesInAndOut_doesNotDeadlock() throws Exception {
    byte[] payload = new byte[6 * 1024 * 1024];
    new Random(7).nextBytes(payload);

    TaskResult result = task(spec("/bin/cat").maxOutputBytes(payload.length)).handle(request(payload));

    assertEquals(TaskStatus.OK, result.status(), result.toString());
    assertArrayEquals(payload, result.payload());
  }

  @Test
  void handle_programIgnoringALargeStdin_endsNormally() throws Exception {
    byte[] payload = new byte[4 * 1024 * 1024];

    TaskResult result = task(spec("/usr/bin/printf", "done")).handle(request(payload));

    assertEquals(TaskStatus.OK, result.status(), result.toString());
    assertEquals("done", result.payloadAsString());
  }

  @Test
  void handle_nonZeroExit_failsWithExitCodeAndStderr() throws Exception {
    TaskResult result = call(task(spec("/bin/sh", "-c", "echo partial; echo 'disk is full' >&2; exit 3")), "");

    assertEquals(TaskStatus.FAILED, result.status());
    assertTrue(result.message().startsWith("exit code 3"), result.message());
    assertTrue(result.message().contains("disk is full"), result.message());
    assertEquals(0, result.payload().length);
  }

  @Test
  void handle_muchStderr_showsOnlyItsTail() throws Exception {
    String script = "i=0; while [ $i -lt 2000 ]; do echo \"noise line $i\" >&2; i=$((i+1)); done;"
        + " echo 'the real reason' >&2; exit 1";

    TaskResult result = call(task(spec("/bin/sh", "-c", script)), "");

    assertEquals(TaskStatus.FAILED, result.status());
    assertTrue(result.message().endsWith("noise line 1999 | the real reason"), result.message());
    assertFalse(result.message().contains("noise line 0 |"), result.message());
    assertTrue(result.message().length() < 3 * CommandRun.STDERR_TAIL_BYTES, result.message()); // "\n" becomes " | "
  }

  @Test
  void handle_missingWorkdirAtRunTime_failsWithReason() throws Exception {
    Path gone = dir.resolve("gone");
    TaskResult result = call(task(spec("/bin/cat").workdir(gone)), "x");

    assertEquals(TaskStatus.FAILED, result.status());
    assertTrue(result.message().contains("workdir " + gone + " is not a directory"), result.message());
  }

  @Test
  void handle_workdir_startsThere() throws Exception {
    TaskResult result = call(task(spec("/bin/pwd").workdir(dir)), "");

    assertEquals(dir.toRealPath().toString(), result.payloadAsString().strip());
  }

  @Test
  void handle_environment_holdsOnlyListedKeysAndCaller() throws Exception {
    CommandTask task = task(spec("/usr/bin/env").env(List.of("LANG", "NOT_IN_AGENT_ENV")));

    TaskResult result = call(task, "");

    Set<String> lines = result.payloadAsString().lines().collect(Collectors.toSet());
    assertEquals(Set.of("LANG=C.UTF-8", "ECHOMESH_CALLER=" + CALLER, "ECHOMESH_CALLER_NAME=alpha"), lines);
  }

  @Test
  void handle_unknownCallerName_leavesNameEmpty() throws Exception {
    CommandTask task = task(spec("/usr/bin/env"));
    NodeId stranger = TestPeers.nodeId("stranger");

    TaskResult result = task.handle(new TaskRequest(stranger, "cmd", new byte[0], Instant.now().plus(CALL_DEADLINE)));

    Set<String> lines = result.payloadAsString().lines().collect(Collectors.toSet());
    assertEquals(Set.of("ECHOMESH_CALLER=" + stranger, "ECHOMESH_CALLER_NAME="), lines);
  }

  @Test
  void handle_shellMetacharactersInStdin_areInertData() throws Exception {
    String payload = "; rm -rf " + dir + "\n$(/usr/bin/touch " + dir.resolve("pwned1") + ")\n`/usr/bin/touch "
        + dir.resolve("pwned2") + "`\n| /usr/bin/touch " + dir.resolve("pwned3") + " && echo x\n";

    TaskResult result = call(task(spec("/bin/cat").workdir(dir)), payload);

    assertEquals(payload, result.payloadAsString());
    try (var files = Files.list(dir)) {
      assertEquals(List.of(), files.toList());
    }
  }

  @Test
  void handle_shellMetacharactersInArguments_reachTheProgramAsLiteralWords() throws Exception {
    CommandTask task = task(spec("/usr/bin/printf", "[%s]").workdir(dir)
        .args(List.of("(?s).*", "(?s).*", "(?s).*", "(?s).*")));
    List<String> args = List.of("; rm -rf " + dir, "$(/usr/bin/touch pwned)", "`/usr/bin/touch pwned`", "a\nb; c");
    String payload = "{\"args\": [\"; rm -rf " + dir + "\", \"$(/usr/bin/touch pwned)\","
        + " \"`/usr/bin/touch pwned`\", \"a\\nb; c\"]}";

    TaskResult result = call(task, payload);

    assertEquals(TaskStatus.OK, result.status(), result.toString());
    assertEquals(args.stream().map(a -> "[" + a + "]").collect(Collectors.joining()), result.payloadAsString());
    assertFalse(Files.exists(dir.resolve("pwned")));
  }

  @Test
  void handle_argumentsMatchingPatterns_areAppendedAndStdinPassed() throws Exception {
    CommandTask task = task(spec("/bin/sh", "-c", "echo \"$1 $2\"; /bin/cat", "sh")
        .args(List.of("^[a-z]{1,16}$", "[0-9]+")));

    TaskResult result = call(task, "{\"args\": [\"disk\", \"42\"], \"stdin\": \"from stdin\"}");

    assertEquals("disk 42\nfrom stdin", result.payloadAsString());
  }

  @Test
  void handle_argumentNotMatchingPattern_isInvalidNamingIndexAndRunsNothing() throws Exception {
    Path marker = dir.resolve("ran");
    CommandTask task = task(spec("/usr/bin/touch", marker.toString()).args(List.of("^[a-z]{1,16}$", "^[a-z]{1,16}$")));

    for (String bad : List.of("a;b", "$(id)", "`id`", "abc\\n", "ABC", "")) {
      TaskResult result = call(task, "{\"args\": [\"ok\", \"" + bad + "\"]}");

      assertEquals(TaskStatus.INVALID, result.status(), bad);
      assertTrue(result.message().contains("argument 1"), result.message());
    }
    assertFalse(Files.exists(marker));
  }

  @Test
  void handle_argumentsWhenTaskDeclaresNone_stayOnStdin() throws Exception {
    String payload = "{\"args\": [\"--help\"]}";

    TaskResult result = call(task(spec("/bin/sh", "-c", "echo \"$#\"; /bin/cat", "sh")), payload);

    assertEquals("0\n" + payload, result.payloadAsString());
  }

  @Test
  void handle_outputPastCap_failsAndKillsTheProgram() throws Exception {
    TaskResult result = call(task(spec("/usr/bin/yes").maxOutputBytes(1000)), "");

    assertEquals(TaskStatus.FAILED, result.status());
    assertTrue(result.message().contains("cap of 1000 bytes"), result.message());
    assertEquals(0, result.payload().length);
  }

  @Test
  void handle_outputExactlyAtCap_isOk() throws Exception {
    TaskResult result = call(task(spec("/usr/bin/printf", "0123456789").maxOutputBytes(10)), "");

    assertEquals("0123456789", result.payloadAsString());
  }

  @Test
  void handle_outputPastCapFromStubbornGroup_killsTheGroup() throws Exception {
    String script = stubbornScript().replace("/bin/sleep 303\n", "exec /usr/bin/yes\n");

    TaskResult result = call(task(spec("/bin/sh", "-c", script).maxOutputBytes(1000)), "");

    assertEquals(TaskStatus.FAILED, result.status(), result.toString());
    assertStubbornGroupGone();
  }

  @Test
  void handle_timeout_killsTheWholeGroupIncludingChildrenIgnoringSigterm() throws Exception {
    CommandTask task = task(spec("/bin/sh", "-c", stubbornScript()).timeout(Duration.ofSeconds(2)));

    TaskResult result = call(task, "");

    assertEquals(TaskStatus.TIMEOUT, result.status(), result.toString());
    assertTrue(result.message().contains("its timeout of 2s"), result.message());
    assertStubbornGroupGone();
  }

  @Test
  void handle_timeout_killsAChildThatStartedItsOwnSession() throws Exception {
    Path pidFile = dir.resolve("escaped.pid");
    String script = "/usr/bin/setsid /bin/sh -c 'trap \"\" TERM; echo $$ > " + pidFile + ".tmp; /bin/mv "
        + pidFile + ".tmp " + pidFile + "; exec /bin/sleep 313' &\n"
        + "while [ ! -e " + pidFile + " ]; do /bin/sleep 0.05; done\n"
        + "/bin/sleep 314\n";
    CommandTask task = task(spec("/bin/sh", "-c", script).timeout(Duration.ofSeconds(3)));

    TaskResult result = call(task, "");

    assertEquals(TaskStatus.TIMEOUT, result.status(), result.toString());
    long escaped = LiveProcesses.readPid(pidFile);
    assertTrue(LiveProcesses.processGroup(escaped) != LiveProcesses.processGroup(ProcessHandle.current().pid()));
    await("the child in its own session is gone").atMost(WAIT).until(() -> !LiveProcesses.running(escaped, "313"));
  }

  @Test
  void handle_callerDeadlineBeforeTimeout_endsAtTheDeadline() throws Exception {
    CommandTask task = task(spec("/bin/sleep", "300").timeout(Duration.ofDays(1)));

    TaskResult result = task.handle(new TaskRequest(CALLER, "cmd", new byte[0], Instant.now().plusSeconds(1)));

    assertEquals(TaskStatus.TIMEOUT, result.status());
    assertTrue(result.message().contains("the caller's deadline"), result.message());
  }

  @Test
  void handle_deadlineAlreadyPassed_runsNothing() throws Exception {
    Path marker = dir.resolve("ran");
    CommandTask task = task(spec("/usr/bin/touch", marker.toString()));

    TaskResult result = task.handle(new TaskRequest(CALLER, "cmd", new byte[0], Instant.now().minusSeconds(1)));

    assertEquals(TaskStatus.TIMEOUT, result.status());
    assertFalse(Files.exists(marker));
  }

  @Test
  void handle_cancelled_killsTheWholeGroup() throws Exception {
    CommandTask task = task(spec("/bin/sh", "-c", stubbornScript()).timeout(Duration.ofDays(1)));
    Future<TaskResult> call = callers.submit(() -> call(task, ""));
    awaitPid("leader.pid");

    call.cancel(true);

    assertStubbornGroupGone();
  }

  @Test
  void handle_interrupted_throwsInterruptedException() throws Exception {
    CommandTask task = task(spec("/bin/sh", "-c", stubbornScript()).timeout(Duration.ofDays(1)));
    AtomicReference<Thread> handler = new AtomicReference<>();
    Future<TaskResult> call = callers.submit(() -> {
      handler.set(Thread.currentThread());
      return call(task, "");
    });
    awaitPid("leader.pid");

    handler.get().interrupt();

    ExecutionException thrown =
        assertThrows(ExecutionException.class, () -> call.get(WAIT.toSeconds(), TimeUnit.SECONDS));
    assertTrue(thrown.getCause() instanceof InterruptedException, thrown.toString());
    assertStubbornGroupGone();
  }

  @Test
  void handle_pastConcurrencyLimit_isOverloadedAtOnce() throws Exception {
    CommandTask task = task(spec("/bin/sh", "-c", stubbornScript()).concurrency(1).timeout(Duration.ofDays(1)));
    Future<TaskResult> first = callers.submit(() -> call(task, ""));
    awaitPid("leader.pid");

    TaskResult second = call(task, "");

    assertEquals(TaskStatus.OVERLOADED, second.status());
    assertTrue(second.message().contains("limit of 1"), second.message());
    first.cancel(true);
    assertStubbornGroupGone();
  }

  @Test
  void handle_afterARunEnds_itsPlaceIsFreeAgain() throws Exception {
    CommandTask task = task(spec("/bin/cat").concurrency(1));

    assertEquals("a", call(task, "a").payloadAsString());
    assertEquals("b", call(task, "b").payloadAsString());
  }

  @Test
  void handle_normalExit_killsWhatTheProgramLeftInItsGroup() throws Exception {
    String script = "/bin/sleep 304 </dev/null >/dev/null 2>&1 &\necho $!";

    TaskResult result = call(task(spec("/bin/sh", "-c", script)), "");

    long leftover = Long.parseLong(result.payloadAsString().strip());
    await("the leftover sleep is gone").atMost(WAIT).until(() -> !LiveProcesses.running(leftover, "304"));
  }

  @Test
  void handle_leftoverHoldingStdout_isKilledAndTheResultReturned() throws Exception {
    TaskResult result = call(task(spec("/bin/sh", "-c", "/bin/sleep 305 &\necho $!")), "");

    assertEquals(TaskStatus.OK, result.status(), result.toString());
    long leftover = Long.parseLong(result.payloadAsString().strip());
    await("the leftover sleep is gone").atMost(WAIT).until(() -> !LiveProcesses.running(leftover, "305"));
  }

  @Test
  void handle_program_runsAsLeaderOfItsOwnGroupAndSession() throws Exception {
    TaskResult result = call(task(spec("/bin/sh", "-c", "echo $$; /bin/cat /proc/$$/stat")), "");

    List<String> lines = result.payloadAsString().lines().toList();
    String stat = lines.get(1);
    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    assertEquals(lines.get(0), fields[2], "process group");
    assertEquals(lines.get(0), fields[3], "session");
  }

  @Test
  void handle_callerNotAllowed_isDeniedAndRunsNothing() throws Exception {
    Path marker = dir.resolve("ran");
    CommandTask task = task(spec("/usr/bin/touch", marker.toString()).allow(Set.of(TestPeers.nodeId("beta"))));

    TaskResult result = call(task, "");

    assertEquals(TaskStatus.DENIED, result.status());
    assertFalse(Files.exists(marker));
  }

  @Test
  void handle_callerOnAllowList_runs() throws Exception {
    CommandTask task = task(spec("/bin/cat").allow(Set.of(CALLER)));

    assertEquals("hi", call(task, "hi").payloadAsString());
  }

  @Test
  void create_programNotExecutable_namesTheOption() {
    CommandTaskSpec spec = spec("/nonexistent/program").build();

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CommandTask.create(spec, CallerNames.NONE));
    assertTrue(e.getMessage().contains("command[0]"), e.getMessage());
  }

  @Test
  void create_workdirNotADirectory_namesTheOption() {
    CommandTaskSpec spec = spec("/bin/cat").workdir(dir.resolve("missing")).build();

    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> CommandTask.create(spec, CallerNames.NONE));
    assertTrue(e.getMessage().contains("workdir"), e.getMessage());
  }

  @Test
  void create_validSpec_offersNameAndDescription() {
    CommandTask task = CommandTask.create(spec("/bin/cat").description("copies stdin").build(), CallerNames.NONE);

    assertEquals("cmd", task.name());
    assertEquals("copies stdin", task.description());
  }
}
