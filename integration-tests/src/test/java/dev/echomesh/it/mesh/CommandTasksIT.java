package dev.echomesh.it.mesh;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echomesh.agent.control.CallOutcome;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.it.lan.RequiresVirtualLan;
import dev.echomesh.tools.lan.ExecResult;
import dev.echomesh.tools.lan.VirtualLan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Command tasks declared in the config files of three {@code echomesh agent} processes on a
 * virtual LAN, called from the other hosts with {@code echomesh call}: h1 serves most of them, h2
 * may call h1's {@code secret} and h3 may not; h2's config denies h3 mesh-wide; h3 serves the
 * environment dump. One LAN for every scenario; the reload test runs last, as it rewrites h1's file.
 */
@RequiresVirtualLan
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CommandTasksIT {

  private static final Duration PATIENCE = MeshIT.PATIENCE;
  private static final Duration POLL = MeshIT.POLL;
  /** What the agents' JVMs have in their environment and command tasks must not see. */
  private static final String SECRET_VARIABLE = "ECHOMESH_IT_SECRET";

  private VirtualLan lan;
  private LanAgent h1;
  private LanAgent h2;
  private LanAgent h3;
  private Path canary;
  private Path pids;

  @BeforeAll
  void startMesh() throws IOException {
    lan = VirtualLan.create(3);
    try {
      Path dir = lan.directory();
      canary = Files.writeString(dir.resolve("canary"), "untouched");
      pids = Files.createDirectories(dir.resolve("pids"));
      Path[] dataDirs = {dir.resolve("h1"), dir.resolve("h2"), dir.resolve("h3")};
      String joinCode = LanAgent.newMesh(dataDirs[0]);
      LanAgent.join(dataDirs[1], joinCode);
      LanAgent.join(dataDirs[2], joinCode);
      Map<String, String> environment = Map.of("LANG", "C.UTF-8", SECRET_VARIABLE, "must-not-leak");
      h1 = LanAgent.on(lan.host(1), dataDirs[0], List.of()).environment(environment);
      h2 = LanAgent.on(lan.host(2), dataDirs[1], List.of()).environment(environment);
      h3 = LanAgent.on(lan.host(3), dataDirs[2], List.of()).environment(environment);
      Files.writeString(dataDirs[0].resolve("echomesh.toml"), h1Config(true));
      Files.writeString(dataDirs[1].resolve("echomesh.toml"), """
          deny = ["%s"]

          [tasks.where]
          command = ["/bin/echo", "h2 here"]
          """.formatted(h3.nodeId()));
      Files.writeString(dataDirs[2].resolve("echomesh.toml"), """
          [tasks.environment]
          command = ["/usr/bin/env"]
          env = ["LANG", "ECHOMESH_IT_ABSENT"]
          """);
      for (LanAgent agent : List.of(h1, h2, h3)) {
        agent.start();
      }
      for (LanAgent[] pair : new LanAgent[][] {{h1, h2}, {h1, h3}, {h2, h1}, {h3, h1}}) {
        MeshIT.awaitState(pair[0], pair[1], PeerState.ALIVE);
      }
    } catch (RuntimeException | Error | IOException e) {
      closeLan(e);
      throw e;
    }
  }

  /** h1's file: {@code first} at start; the reload test writes the other version. */
  private String h1Config(boolean first) throws IOException {
    Path hang = Files.writeString(lan.directory().resolve("hang.sh"), """
        # A leader that forks a child ignoring SIGTERM, records both pids and waits forever.
        sh -c 'trap "" TERM; echo $$ > "$1/child.pid"; exec sleep 600' child "$1" &
        echo $$ > "$1/leader.pid"
        wait
        """);
    String common = """
        [tasks.fail]
        command = ["/bin/sh", "-c", "echo partial; echo 'disk is full' >&2; exit 3"]

        [tasks.hang]
        command = ["/bin/sh", "%s", "%s"]
        timeout = "8s"

        [tasks.flood]
        command = ["/usr/bin/yes", "0123456789"]
        max-output = "4KiB"

        [tasks.words]
        command = ["/usr/bin/printf", "[%%s]\\n"]
        args = ["(?s).*", "(?s).*", "(?s).*", "(?s).*"]

        [tasks.lookup]
        command = ["/usr/bin/printf", "%%s"]
        args = ["[a-z]{1,8}"]

        [tasks.secret]
        command = ["/bin/echo", "for h2 only"]
        allow = ["%s"]
        """.formatted(hang, pids, h2.nodeId());
    if (first) {
      return common + """

          [tasks.shout]
          command = ["/usr/bin/tr", "a-z", "A-Z"]

          [tasks.slow]
          command = ["/bin/sh", "-c", "touch \\"$0\\"; while [ ! -e \\"$1\\" ]; do sleep 0.1; done; echo finished",
              "%s", "%s"]
          timeout = "2m"
          """.formatted(lan.directory().resolve("slow.started"), lan.directory().resolve("slow.release"));
    }
    return common + """

        [tasks.shout]
        command = ["/usr/bin/tr", "A-Z", "a-z"]
        description = "now whispers"

        [tasks.added]
        command = ["/bin/echo", "added by a reload"]
        """;
  }

  @AfterAll
  void closeMesh() {
    closeLan(null);
  }

  /** {@code echomesh call PEER TASK [PAYLOAD]} against {@code from}'s agent; an empty payload is left out. */
  private Cli.Result call(LanAgent from, String peer, String task, String payload) throws Exception {
    List<String> args = new ArrayList<>(List.of("call", peer, task));
    if (!payload.isEmpty()) {
      args.add(payload);
    }
    args.addAll(List.of("--data-dir", from.dataDir().toString()));
    return Cli.run(lan.directory(), args.toArray(String[]::new));
  }

  @Test
  @Order(1)
  void output_stdoutOfTheProgramWithThePayloadOnStdin_originCommandListedAndLogged() throws Exception {
    Cli.Result shout = call(h2, "h1", "shout", "hello mesh");
    assertEquals(0, shout.exitCode(), shout.toString());
    assertEquals("HELLO MESH", shout.stdout().strip());

    Cli.Result tasks = call(h2, "h1", "tasks", "");
    assertEquals(0, tasks.exitCode(), tasks.toString());
    JsonNode listed = null;
    for (JsonNode task : new ObjectMapper().readTree(tasks.stdout())) {
      listed = "shout".equals(task.path("name").asText()) ? task : listed;
    }
    assertTrue(listed != null, tasks.stdout());
    assertEquals("command", listed.path("origin").asText(), listed.toString());
    assertEquals("runs /usr/bin/tr a-z A-Z", listed.path("description").asText(), listed.toString());
    assertTrue(h1.process().stderr().contains("Task 'shout': command (/usr/bin/tr a-z A-Z), every member may call"),
        h1.process().stderr());
  }

  @Test
  void nonZeroExit_failedExitCode8WithTheStderrTail() throws Exception {
    Cli.Result fail = call(h2, "h1", "fail", "");
    assertEquals(8, fail.exitCode(), "exit 8 is FAILED: " + fail);
    assertTrue(fail.stderr().contains("exit code 3; stderr: disk is full"), fail.toString());
  }

  @Test
  void timeout_killsTheProcessGroupWithTheChildThatIgnoresSigterm() throws Exception {
    CompletableFuture<Cli.Result> call = CompletableFuture.supplyAsync(() -> {
      try {
        return call(h2, "h1", "hang", "");
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    });
    List<Path> files = List.of(pids.resolve("leader.pid"), pids.resolve("child.pid"));
    await("the script on h1 wrote " + files).atMost(PATIENCE).pollInterval(POLL)
        .until(() -> files.stream().allMatch(CommandTasksIT::hasLine));
    List<String> started = new ArrayList<>();
    for (Path file : files) {
      started.add(Files.readString(file).strip());
    }
    assertEquals(started, livingProcesses(h1, started), "both run on h1 while the call lasts (its timeout is 8s)");

    Cli.Result hang = call.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
    assertEquals(9, hang.exitCode(), "exit 9 is TIMEOUT: " + hang);
    assertTrue(hang.stderr().contains("killed after its timeout of 8s"), hang.toString());
    await("leader " + started.get(0) + " and child " + started.get(1) + " gone from h1")
        .atMost(Duration.ofSeconds(10)).pollInterval(POLL)
        .until(() -> livingProcesses(h1, started).isEmpty());
  }

  private static boolean hasLine(Path file) {
    try {
      return Files.readString(file).endsWith("\n");
    } catch (IOException e) {
      return false;
    }
  }

  /**
   * Which of {@code pids} (as the LAN's PID namespace numbers them) are running processes on the
   * agent's host, read from a /proc mounted for that namespace (zombies count as gone).
   */
  private static List<String> livingProcesses(LanAgent agent, List<String> pids) {
    List<String> argv = new ArrayList<>(List.of("sh", "-c", """
        mount -t proc proc /proc || exit 90
        for pid in "$@"; do
          [ -r "/proc/$pid/stat" ] || continue
          state=$(sed 's/^.*) //' "/proc/$pid/stat" | cut -d' ' -f1)
          [ "$state" = Z ] || echo "$pid"
        done
        """, "check"));
    argv.addAll(pids);
    ExecResult result = agent.host().exec(argv.toArray(String[]::new)).requireSuccess();
    return Arrays.stream(result.stdout().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }

  @Test
  void outputCap_failedAndTheProgramStopped() throws Exception {
    Cli.Result flood = call(h2, "h1", "flood", "");
    assertEquals(8, flood.exitCode(), "exit 8 is FAILED: " + flood);
    assertTrue(flood.stderr().contains("stdout passed its cap of 4096 bytes (max-output)"), flood.toString());
  }

  @Test
  void environment_clearedButForTheListedKeysAndTheCaller() throws Exception {
    Cli.Result env = call(h1, "h3", "environment", "");
    assertEquals(0, env.exitCode(), env.toString());
    assertEquals(List.of("ECHOMESH_CALLER=" + h1.nodeId(), "ECHOMESH_CALLER_NAME=h1", "LANG=C.UTF-8"),
        env.stdout().lines().sorted().toList(), "no PATH, HOME or " + SECRET_VARIABLE + ": " + env);
  }

  @Test
  void injectionAttempts_inertAsArgumentsAndOnStdin_canaryUntouched() throws Exception {
    String target = canary.toString();
    Cli.Result words = call(h2, "h1", "words", "{\"args\": [\"; rm -rf " + target + "\", \"$(rm " + target
        + ")\", \"`rm " + target + "`\", \"x\\nrm " + target + "\"]}");
    assertEquals(0, words.exitCode(), words.toString());
    assertEquals("[; rm -rf " + target + "]\n[$(rm " + target + ")]\n[`rm " + target + "`]\n[x\nrm " + target
        + "]\n", words.stdout());

    Cli.Result stdin = call(h2, "h1", "shout", "; rm -rf " + target + "\n$(rm " + target + ") `rm " + target + "`");
    assertEquals(0, stdin.exitCode(), stdin.toString());
    assertTrue(stdin.stdout().startsWith("; RM -RF "), stdin.toString());
    assertEquals("untouched", Files.readString(canary, StandardCharsets.UTF_8), "the canary file is never touched");
  }

  @Test
  void argumentPattern_matchRunsMismatchIsInvalidExitCode7() throws Exception {
    Cli.Result good = call(h2, "h1", "lookup", "{\"args\": [\"disk\"]}");
    assertEquals(0, good.exitCode(), good.toString());
    assertEquals("disk", good.stdout());

    Cli.Result bad = call(h2, "h1", "lookup", "{\"args\": [\"disk; reboot\"]}");
    assertEquals(7, bad.exitCode(), "exit 7 is INVALID: " + bad);
    assertTrue(bad.stderr().contains("argument 0 does not match its pattern [a-z]{1,8}"), bad.toString());
  }

  @Test
  void perTaskAllow_theAllowedHostCallsTheOtherIsDeniedExitCode6() throws Exception {
    Cli.Result allowed = call(h2, "h1", "secret", "");
    assertEquals(0, allowed.exitCode(), allowed.toString());
    assertEquals("for h2 only", allowed.stdout().strip());

    Cli.Result denied = call(h3, "h1", "secret", "");
    assertEquals(6, denied.exitCode(), "exit 6 is DENIED: " + denied);
  }

  @Test
  void meshWideDenyList_theDeniedHostCallsNothingOthersCall() throws Exception {
    await("h3 knows h2").atMost(PATIENCE).pollInterval(POLL).until(() -> h3.peer(h2).isPresent());
    for (String task : List.of("where", "echo")) {
      Cli.Result denied = call(h3, "h2", task, "");
      assertEquals(12, denied.exitCode(), "exit 12 is UNAVAILABLE (refused at the link handshake): " + denied);
    }
    Cli.Result other = call(h1, "h2", "where", "");
    assertEquals(0, other.exitCode(), other.toString());
    assertEquals("h2 here", other.stdout().strip());
  }

  @Test
  @Order(Integer.MAX_VALUE) // last: rewrites h1's file
  void reload_commandTasksAddedChangedRemoved_callInFlightFinishesAndNoLinkDrops() throws Exception {
    Path started = lan.directory().resolve("slow.started");
    CompletableFuture<CallOutcome> inFlight = CompletableFuture.supplyAsync(() -> {
      try {
        return h2.call("h1", "slow", "", Duration.ofMinutes(2));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    try {
      await("the slow task runs on h1").atMost(PATIENCE).pollInterval(POLL).until(() -> Files.exists(started));
      Files.writeString(h1.dataDir().resolve("echomesh.toml"), h1Config(false));
      hangUp(h1);
      await("the reload adds 'added'").atMost(PATIENCE).pollInterval(POLL)
          .until(() -> h2.call("h1", "added", "", MeshIT.CALL_TIMEOUT).result().isOk());

      Cli.Result changed = call(h2, "h1", "shout", "QUIET");
      assertEquals(0, changed.exitCode(), changed.toString());
      assertEquals("quiet", changed.stdout().strip(), "the changed command runs");
      Cli.Result removed = call(h2, "h1", "slow", "");
      assertEquals(5, removed.exitCode(), "exit 5 is NOT_FOUND: " + removed);

      Files.createFile(lan.directory().resolve("slow.release"));
      CallOutcome finished = inFlight.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      assertEquals(TaskStatus.OK, finished.result().status(), finished.toString());
      assertEquals("finished", finished.result().payloadAsString().strip(), "ends with the handler it began with");
      assertTrue(h1.process().stderr().contains("Command task 'slow' removed"), h1.process().stderr());
      assertTrue(h1.process().stderr().contains("Command task 'shout' changed"), h1.process().stderr());
    } finally {
      inFlight.cancel(true);
    }
  }

  private static void hangUp(LanAgent agent) throws Exception {
    Process kill = new ProcessBuilder("kill", "-HUP", Long.toString(agent.process().pid())).inheritIO().start();
    assertTrue(kill.waitFor(30, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -HUP");
  }

  private void closeLan(Throwable failure) {
    if (lan == null) {
      return;
    }
    try {
      if (failure != null) {
        System.err.println(lan.describe());
      }
      lan.close();
    } finally {
      lan = null;
    }
  }
}
