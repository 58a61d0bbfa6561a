package dev.echomesh.it.mesh;

import static dev.echomesh.it.mesh.MeshIT.PATIENCE;
import static dev.echomesh.it.mesh.MeshIT.POLL;
import static dev.echomesh.it.mesh.MeshIT.awaitState;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.it.lan.RequiresVirtualLan;
import dev.echomesh.tools.lan.VirtualLan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * {@code echomesh call --any} on a virtual LAN of four {@code echomesh agent} processes: h1 calls;
 * h2 and h3 are tagged role=camera, h4 role=printer. Each of h2..h4 offers the command task
 * {@value #TASK}, which appends "HOST TOKEN" to one shared file per run (so runs are counted across
 * hosts), sleeps the payload's seconds (only the first run of a token: later runs answer at once)
 * and answers with its host's name. Proven: tags pick the peers; a first choice killed mid-call
 * fails over to the other camera within the deadline; a first choice cut off after its task ran is
 * asked again after the heal, with the same key, and the task ran exactly once in the mesh.
 */
@RequiresVirtualLan
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CallAnyIT {

  static final String TASK = "count";
  /** The call's deadline in the fault scenarios: the fault and the heal fit well within it. */
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(60);
  /** How long the first run sleeps while the fault is made. */
  static final int FIRST_RUN_SECONDS = 20;
  /** How long the first run sleeps before its result is sent, once the host is cut off. */
  static final int CUT_RUN_SECONDS = 4;
  static final int TAGGED_CALLS = 8;

  private final ObjectMapper json = new ObjectMapper();
  private final ExecutorService background = Executors.newSingleThreadExecutor();
  private VirtualLan lan;
  private Path runs;
  private Path markers;
  private LanAgent caller;
  private final List<LanAgent> callees = new ArrayList<>();

  @BeforeAll
  void startMesh() throws IOException {
    lan = VirtualLan.create(4);
    Optional<String> noFirewall = HostFirewall.unavailableOn(lan.host(2));
    if (noFirewall.isPresent()) {
      closeMesh();
      if (VirtualLan.required()) {
        throw new IllegalStateException(noFirewall.get() + ", and the virtual-LAN tests are required");
      }
      Assumptions.abort(noFirewall.get());
    }
    try {
      Path dir = lan.directory();
      runs = Files.createFile(dir.resolve("runs.log"));
      markers = Files.createDirectories(dir.resolve("markers"));
      Path first = dir.resolve("h1");
      String joinCode = LanAgent.newMesh(first);
      caller = LanAgent.on(lan.host(1), first, List.of());
      String[] roles = {"camera", "camera", "printer"};
      for (int i = 2; i <= 4; i++) {
        Path dataDir = dir.resolve("h" + i);
        LanAgent.join(dataDir, joinCode);
        LanAgent callee = LanAgent.on(lan.host(i), dataDir, List.of());
        Files.writeString(dataDir.resolve("echomesh.toml"), config(callee.name(), roles[i - 2]));
        callees.add(callee);
      }
      caller.start();
      callees.forEach(LanAgent::start);
    } catch (RuntimeException | Error | IOException e) {
      System.err.println(lan.describe());
      closeMesh();
      throw e;
    }
  }

  /**
   * A callee's config: its role tag and the counting task. Payload "SECONDS TOKEN"; a marker file
   * per token makes only the first run sleep, and another says when that run's sleep is over.
   */
  private String config(String host, String role) {
    String script = "read s t; if [ -e \"$2/$t.held\" ]; then s=0; fi; touch \"$2/$t.held\";"
        + " echo \"$0 $t\" >> \"$1\"; sleep \"$s\"; touch \"$2/$t.done\"; printf %s \"$0\"";
    return """
        tags = ["role=%s"]

        [tasks.%s]
        command = ["/bin/sh", "-c", '%s', "%s", "%s", "%s"]
        timeout = "2m"
        """.formatted(role, TASK, script, host, runs, markers);
  }

  @AfterAll
  void closeMesh() {
    background.shutdownNow();
    if (lan != null) {
      lan.close();
      lan = null;
    }
  }

  @BeforeEach
  void allAliveWithTags() throws Exception {
    for (LanAgent callee : callees) {
      awaitState(caller, callee, PeerState.ALIVE);
    }
    // Tags arrive with pings: once the printer is chosen by its tag, every tag is known.
    await("h1 knows every callee's tag").atMost(PATIENCE).pollInterval(POLL)
        .until(() -> callAny("--tag", "role=printer", "--timeout", "5s", "0 warm-up").exitCode() == 0);
  }

  @AfterEach
  void healAndRestart() {
    for (LanAgent callee : callees) {
      HostFirewall.of(callee.host()).clear();
      if (!callee.process().isAlive()) {
        callee.start();
      }
    }
  }

  @Test
  @Order(1)
  void callAny_withTag_onlyTaggedPeersAnswer() throws Exception {
    Set<String> cameras = Set.of(callees.get(0).name(), callees.get(1).name());
    for (int i = 0; i < TAGGED_CALLS; i++) {
      Cli.Result result = callAny("--select", "random", "--tag", "role=camera", "0 tagged-" + i);
      assertEquals(0, result.exitCode(), result.toString());
      assertTrue(cameras.contains(result.stdout()), result.toString());
      assertTrue(result.stderr().startsWith("answered by " + result.stdout() + " ("), result.toString());
      assertTrue(result.stderr().endsWith(" after trying 1 peer(s), 1 call(s)\n"), result.toString());
    }
    List<String> taggedRuns = Files.readAllLines(runs).stream().filter(line -> line.contains(" tagged-")).toList();
    assertEquals(TAGGED_CALLS, taggedRuns.size(), taggedRuns.toString());
    assertTrue(taggedRuns.stream().allMatch(line -> cameras.contains(line.split(" ")[0])), taggedRuns.toString());

    Cli.Result printer = callAny("--select", "load", "--tag", "role=printer", "0 printed");
    assertEquals(callees.get(2).name(), printer.stdout(), printer.toString());

    Cli.Result nobody = callAny("--tag", "role=camera", "--tag", "room=hall", "0 nobody");
    assertEquals(12, nobody.exitCode(), nobody.toString());
    assertEquals("UNAVAILABLE: no ALIVE peer offers '" + TASK + "' with tags {role=camera, room=hall}\n"
        + "no peer was called\n", nobody.stderr());
  }

  @Test
  @Order(2)
  void helpExamples_workAsWritten() throws Exception {
    Cli.Result reverse = cli("call", "--any", "reverse", "hello world");
    assertEquals("dlrow olleh", reverse.stdout(), reverse.toString());
    Cli.Result sysinfo = cli("call", "--any", "sysinfo", "--select", "load", "--tag", "role=camera", "--json");
    assertEquals(0, sysinfo.exitCode(), sysinfo.toString());
    JsonNode outcome = json.readTree(sysinfo.stdout());
    assertEquals("OK", outcome.get("status").asText());
    assertTrue(Set.of(callees.get(0).name(), callees.get(1).name()).contains(outcome.get("name").asText()),
        sysinfo.toString());
    for (int i = 0; i < 2; i++) {
      Cli.Result keyed = cli("call", "--any", "echo", "--idempotency-key", "order-17", "pay 5 EUR");
      assertEquals("pay 5 EUR", keyed.stdout(), keyed.toString());
    }
  }

  @Test
  @Order(3)
  void callAny_firstChoiceKilledMidCall_otherCameraAnswersWithinTheDeadlineAfterTwoPeers() throws Exception {
    String token = "failover";
    CompletableFuture<Cli.Result> call = inBackground("--tag", "role=camera", "--timeout", CALL_TIMEOUT.toSeconds() + "s",
        "--json", FIRST_RUN_SECONDS + " " + token);
    LanAgent first = awaitFirstRun(token);
    long killNanos = System.nanoTime();
    first.kill9();
    Cli.Result result = call.get(CALL_TIMEOUT.plus(PATIENCE).toSeconds(), TimeUnit.SECONDS);
    long toAnswer = System.nanoTime() - killNanos;
    assertEquals(0, result.exitCode(), result.toString());
    JsonNode outcome = json.readTree(result.stdout());
    LanAgent other = callees.get(callees.get(0) == first ? 1 : 0);
    System.out.printf("CallAnyIT: %s killed mid-call, %s answered %d ms later after %s peer(s), %s call(s)%n",
        first, outcome.get("name").asText(), TimeUnit.NANOSECONDS.toMillis(toAnswer), outcome.get("peersTried"),
        outcome.get("attempts"));
    assertEquals(other.name(), outcome.get("name").asText(), result.toString());
    assertEquals(other.name(), outcome.get("payload").asText(), result.toString());
    assertEquals(2, outcome.get("peersTried").asInt(), result.toString());
    assertEquals(List.of(first.name(), other.name()), hostsThatRan(token));
  }

  @Test
  @Order(4)
  void callAny_firstChoiceCutOffAfterItsTaskRan_askedAgainAfterTheHealAndTheTaskRanOnce() throws Exception {
    String token = "once";
    CompletableFuture<Cli.Result> call = inBackground("--tag", "role=camera", "--timeout", CALL_TIMEOUT.toSeconds() + "s",
        "--json", CUT_RUN_SECONDS + " " + token);
    LanAgent first = awaitFirstRun(token);
    HostFirewall firewall = HostFirewall.of(first.host());
    firewall.dropAll();
    try {
      await("the task on " + first + " finished while cut off").atMost(PATIENCE).pollInterval(POLL)
          .until(() -> Files.exists(markers.resolve(token + ".done")));
      awaitState(caller, first, PeerState.DEAD);
      assertTrue(!call.isDone(), "the call ended while its peer was cut off: " + (call.isDone() ? call.join() : ""));
    } finally {
      firewall.clear();
    }
    Cli.Result result = call.get(CALL_TIMEOUT.plus(PATIENCE).toSeconds(), TimeUnit.SECONDS);
    assertEquals(0, result.exitCode(), result.toString());
    JsonNode outcome = json.readTree(result.stdout());
    System.out.printf("CallAnyIT: %s cut off after its task ran; answer from %s after %s peer(s), %s call(s)%n",
        first, outcome.get("name").asText(), outcome.get("peersTried"), outcome.get("attempts"));
    assertEquals(first.name(), outcome.get("name").asText(), result.toString());
    assertEquals(first.name(), outcome.get("payload").asText(), "the remembered result, " + result);
    assertEquals(1, outcome.get("peersTried").asInt(), result.toString());
    assertEquals(2, outcome.get("attempts").asInt(), result.toString());
    assertEquals(List.of(first.name()), hostsThatRan(token), "the task ran exactly once in the mesh");
  }

  /** The callee whose run of {@code token} is recorded first. */
  private LanAgent awaitFirstRun(String token) {
    await("a camera runs " + token).atMost(PATIENCE).pollInterval(POLL).until(() -> !hostsThatRan(token).isEmpty());
    String host = hostsThatRan(token).get(0);
    return callees.stream().filter(c -> c.name().equals(host)).findFirst().orElseThrow();
  }

  /** The hosts that ran {@code token}, one entry per run, in order. */
  private List<String> hostsThatRan(String token) {
    try {
      return Files.readAllLines(runs, StandardCharsets.UTF_8).stream()
          .filter(line -> line.endsWith(" " + token)).map(line -> line.split(" ")[0]).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private CompletableFuture<Cli.Result> inBackground(String... args) {
    return CompletableFuture.supplyAsync(() -> {
      try {
        return callAny(args);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }, background);
  }

  /** {@code echomesh call --any count ARGS...} on h1. */
  private Cli.Result callAny(String... args) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of("call", "--any", TASK));
    argv.addAll(List.of(args));
    return cli(argv.toArray(String[]::new));
  }

  /** {@code echomesh ARGS... --data-dir h1}. */
  private Cli.Result cli(String... args) throws IOException, InterruptedException {
    List<String> argv = new ArrayList<>(List.of(args));
    // Options may follow the payload: the data directory goes before it, after the command name.
    argv.addAll(1, List.of("--data-dir", caller.dataDir().toString()));
    return Cli.run(lan.directory(), argv.toArray(String[]::new));
  }
}
