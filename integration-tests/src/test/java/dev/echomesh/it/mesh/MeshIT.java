package dev.echomesh.it.mesh;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echomesh.agent.control.CallOutcome;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.liveness.LivenessCounters;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.it.lan.RequiresVirtualLan;
import dev.echomesh.tools.lan.ExecResult;
import dev.echomesh.tools.lan.JavaCommand;
import dev.echomesh.tools.lan.VirtualHost;
import dev.echomesh.tools.lan.VirtualLan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * One mesh of {@code echomesh agent} processes on a virtual LAN, found with no address given.
 * Hosts h1..h5 run agents for the whole class; h6 is a spare for joining and for hostile
 * traffic. Every test starts from, and leaves, all five agents running and ALIVE at each other.
 */
@RequiresVirtualLan
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeshIT {

  /** Generous bound of every asynchronous outcome: two shared cores, six JVMs. */
  static final Duration PATIENCE = Duration.ofSeconds(60);
  static final Duration POLL = Duration.ofMillis(250);
  static final int AGENTS = 5;
  static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

  private VirtualLan lan;
  private String joinCode;
  private Path plugin;
  private final List<LanAgent> agents = new ArrayList<>();

  @BeforeAll
  void startMesh() throws IOException {
    lan = VirtualLan.create(AGENTS + 1);
    try {
      plugin = PluginJar.write(lan.directory().resolve("sleep-plugin.jar"), SleepTask.class);
      joinCode = LanAgent.newMesh(lan.directory().resolve("h1"));
      for (int i = 1; i <= AGENTS; i++) {
        agents.add(agent(i).start());
      }
    } catch (RuntimeException | Error | IOException e) {
      closeLan(e);
      throw e;
    }
  }

  @AfterAll
  void closeMesh() {
    closeLan(null);
  }

  @BeforeEach
  void allAlive() {
    awaitAllAlive(agents);
  }

  @Test
  @Order(1) // first: the tables then hold the five hosts only
  void fiveHosts_everyAgentListsTheOtherFourAliveWithTheirIpAndMac() throws IOException {
    for (LanAgent observer : agents) {
      List<Peer> peers = observer.peers();
      assertEquals(AGENTS - 1, peers.size(), observer + " lists " + peers);
      for (LanAgent other : agents) {
        if (other == observer) {
          continue;
        }
        Peer peer = observer.peer(other).orElseThrow(() -> new AssertionError(observer + " lacks " + other));
        String where = observer + " about " + other + ": " + peer;
        assertEquals(PeerState.ALIVE, peer.state(), where);
        assertEquals(other.host().ip(), peer.addresses().get(0), where);
        assertEquals(other.host().mac(), peer.mac(), where);
        assertEquals(other.name(), peer.name(), where);
        assertEquals("eth0", peer.interfaceName(), where);
        assertEquals(47200, peer.linkPort(), where);
        assertEquals(47200, peer.udpPort(), where);
        assertFalse(peer.macMismatch(), where);
      }
    }
  }

  @Test
  void sixthHost_joinsKilledRestartedStopped_aliveDeadAliveAgainThenLeft() throws Exception {
    // Without mDNS: found by broadcast pings alone, and only its Leave can make it LEFT.
    LanAgent sixth = agent(6, "--no-mdns").start();
    List<LanAgent> all = new ArrayList<>(agents);
    all.add(sixth);
    try {
      awaitAllAlive(all);

      sixth.kill9();
      agents.forEach(observer -> awaitState(observer, sixth, PeerState.DEAD));
      long killedIncarnation = agents.get(0).peer(sixth).orElseThrow().incarnation();

      sixth.start();
      awaitAllAlive(all);
      for (LanAgent observer : agents) {
        long incarnation = observer.peer(sixth).orElseThrow().incarnation();
        assertTrue(incarnation > killedIncarnation, observer + ": " + incarnation + " after " + killedIncarnation);
      }

      List<PeerStateRecorder> recorders = new ArrayList<>();
      for (LanAgent observer : agents) {
        recorders.add(PeerStateRecorder.start(observer, sixth));
      }
      try {
        assertEquals(0, sixth.stop(), sixth.process().stderr());
        for (int i = 0; i < agents.size(); i++) {
          PeerStateRecorder recorder = recorders.get(i);
          await(agents.get(i) + " sees h6 leave").atMost(PATIENCE).pollInterval(POLL)
              .until(() -> recorder.states().contains(PeerState.LEFT));
          assertEquals(List.of(PeerState.LEFT), after(recorder.states(), PeerState.ALIVE),
              agents.get(i) + " saw h6 go " + recorder.states() + ": LEFT by its Leave, never SUSPECT or DEAD");
        }
      } finally {
        recorders.forEach(PeerStateRecorder::close);
      }
    } finally {
      if (sixth.process().isAlive()) {
        sixth.kill9();
      }
    }
  }

  @Test
  void linkCut_suspectThenDead_callInFlightUnavailable_restored_aliveOnBothSidesAndCallsWorkAgain() throws Exception {
    LanAgent observer = agents.get(0);
    LanAgent cut = agents.get(AGENTS - 1);
    assertEquals(TaskStatus.OK, observer.call(cut.name(), "echo", "before", CALL_TIMEOUT).result().status());
    Path markers = Files.createDirectories(lan.directory().resolve("markers-cut-" + System.nanoTime()));
    Duration longDeadline = Duration.ofMinutes(4);
    CompletableFuture<CallOutcome> inFlight = CompletableFuture.supplyAsync(() -> {
      try {
        return observer.call(cut.name(), SleepTask.NAME, "200000 " + markers, longDeadline);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    try (PeerStateRecorder recorder = PeerStateRecorder.start(observer, cut)) {
      await("the sleep task runs on " + cut).atMost(PATIENCE).pollInterval(POLL)
          .until(() -> Files.exists(markers.resolve(cut.name() + ".started")));
      lan.cutLink(cut.host());
      try {
        await(observer + " sees " + cut + " dead").atMost(PATIENCE).pollInterval(POLL)
            .until(() -> recorder.states().contains(PeerState.DEAD));
        awaitState(cut, observer, PeerState.DEAD);
        // DEAD closes the link: the call ends now, minutes before its deadline.
        CallOutcome cutOff = inFlight.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
        assertEquals(TaskStatus.UNAVAILABLE, cutOff.result().status(), cutOff.toString());
        assertTrue(cutOff.result().message().contains("stopped answering liveness pings"), cutOff.toString());
      } finally {
        inFlight.cancel(true);
        lan.restoreLink(cut.host());
      }
      assertEquals(List.of(PeerState.SUSPECT, PeerState.DEAD), after(recorder.states(), PeerState.ALIVE).subList(0, 2),
          "states " + recorder.states());
    }
    awaitState(observer, cut, PeerState.ALIVE);
    awaitState(cut, observer, PeerState.ALIVE);
    await("calls across the restored link").atMost(PATIENCE).pollInterval(POLL).until(() ->
        observer.call(cut.name(), "reverse", "abc", CALL_TIMEOUT).result().payloadAsString().equals("cba")
            && cut.call(observer.name(), "reverse", "xyz", CALL_TIMEOUT).result().payloadAsString().equals("zyx"));
  }

  @Test
  void broadcast_fromOneHost_resultFromEveryOther() throws IOException {
    List<CallOutcome> outcomes = agents.get(0).broadcast("reverse", "abc", CALL_TIMEOUT);
    assertEquals(AGENTS - 1, outcomes.size(), outcomes.toString());
    for (CallOutcome outcome : outcomes) {
      assertEquals(TaskStatus.OK, outcome.result().status(), outcome.toString());
      assertEquals("cba", outcome.result().payloadAsString());
    }
    assertEquals(names(agents.subList(1, AGENTS)),
        outcomes.stream().map(CallOutcome::peerName).sorted().toList());
  }

  @Test
  void broadcast_hostKilledDuringTheCall_errorForThatHostOnlyWithinTheDeadline() throws Exception {
    LanAgent caller = agents.get(0);
    LanAgent victim = agents.get(3);
    Path markers = Files.createDirectories(lan.directory().resolve("markers-" + System.nanoTime()));
    Duration deadline = Duration.ofSeconds(20);
    CompletableFuture<List<CallOutcome>> broadcast = CompletableFuture.supplyAsync(() -> {
      try {
        return caller.broadcast(SleepTask.NAME, "4000 " + markers, deadline);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
    try {
      await("the sleep task runs on " + victim).atMost(PATIENCE).pollInterval(POLL)
          .until(() -> Files.exists(markers.resolve(victim.name() + ".started")));
      victim.kill9();
      List<CallOutcome> outcomes = broadcast.get(deadline.plus(PATIENCE).toSeconds(), TimeUnit.SECONDS);
      assertEquals(AGENTS - 1, outcomes.size(), outcomes.toString());
      for (CallOutcome outcome : outcomes) {
        if (outcome.peerName().equals(victim.name())) {
          assertNotEquals(TaskStatus.OK, outcome.result().status(), outcome.toString());
        } else {
          assertEquals(TaskStatus.OK, outcome.result().status(), outcome.toString());
          assertEquals(outcome.peerName(), outcome.result().payloadAsString());
        }
      }
    } finally {
      broadcast.cancel(true);
      if (!victim.process().isAlive()) {
        victim.start();
      }
    }
  }

  @Test
  void cli_callByNameAndPing_discoveredPeerWithNoAddressGiven() throws Exception {
    Path dir = agents.get(0).dataDir();
    Cli.Result call = Cli.run(lan.directory(), "call", "h3", "reverse", "hello", "--data-dir", dir.toString());
    assertEquals(0, call.exitCode(), call.toString());
    assertEquals("olleh", call.stdout());

    Cli.Result ping = Cli.run(lan.directory(), "ping", "h2", "-c", "3", "--interval", "200ms",
        "--data-dir", dir.toString());
    assertEquals(0, ping.exitCode(), ping.toString());
    assertTrue(ping.stdout().startsWith("PING h2 ("), ping.stdout());
    assertTrue(ping.stdout().contains(") 198.18.0.2:47200\n"), ping.stdout());
    assertTrue(ping.stdout().contains("3 sent, 3 received, 0% loss"), ping.stdout());

    Cli.Result peers = Cli.run(lan.directory(), "peers", "--json", "--data-dir", dir.toString());
    assertEquals(0, peers.exitCode(), peers.toString());
    List<JsonNode> members = new ArrayList<>();
    new ObjectMapper().readTree(peers.stdout()).forEach(peer -> {
      if (names(agents).contains(peer.get("name").asText())) {
        members.add(peer);
      }
    });
    assertEquals(AGENTS - 1, members.size(), peers.stdout());
    for (JsonNode peer : members) {
      assertEquals("ALIVE", peer.get("state").asText(), peer.toString());
      assertEquals("eth0", peer.get("interface").asText(), peer.toString());
      assertTrue(peer.get("lossPercent").isNumber(), peer.toString());
      assertTrue(peer.get("rttMicros").isNumber(), "measured: " + peer);
    }
  }

  @Test
  void hostileDatagrams_forgedReplayedAndJunk_droppedAndCountedNoPeerChanges() throws Exception {
    LanAgent target = agents.get(1);
    String address = target.host().ip().getHostAddress();
    LivenessCounters countedBefore = target.status().orElseThrow().liveness();
    Map<NodeId, PeerState> before = states(target.peers());
    VirtualHost attacker = lan.host(AGENTS + 1);

    // A real ping of h3, captured off the wire in the spare host and sent again to h2.
    ExecResult captured = attacker.exec(Duration.ofSeconds(60), java(DatagramTool.class, "capture", "47200",
        agents.get(2).host().ip().getHostAddress())).requireSuccess();
    attacker.exec(java(DatagramTool.class, "send", address, "47200", captured.stdout().strip())).requireSuccess();
    attacker.exec(java(DatagramTool.class, "forge", address, "47200")).requireSuccess();
    attacker.exec(java(DatagramTool.class, "junk", address, "47200", "200")).requireSuccess();

    await("h2 counts the three").atMost(PATIENCE).pollInterval(POLL).until(() -> {
      LivenessCounters now = target.status().orElseThrow().liveness();
      return now.replayed() > countedBefore.replayed() && now.badMac() > countedBefore.badMac()
          && now.malformed() > countedBefore.malformed();
    });
    assertEquals(before, states(target.peers()), "no member added, lost or changed state");
    await("h2 logs the three").atMost(PATIENCE).pollInterval(POLL).until(() -> {
      String log = target.process().stderr();
      return log.contains("that were replays") && log.contains("that failed authentication")
          && log.contains("that are not valid echomesh datagrams");
    });
  }

  private static String[] java(Class<?> main, String... args) {
    return JavaCommand.mainClass(main).args(args).argv().toArray(String[]::new);
  }

  private static Map<NodeId, PeerState> states(List<Peer> peers) {
    Map<NodeId, PeerState> states = new TreeMap<>();
    peers.forEach(peer -> states.put(peer.id(), peer.state()));
    return states;
  }

  private static List<String> names(List<LanAgent> agents) {
    return agents.stream().map(LanAgent::name).sorted().toList();
  }

  /** The states after the last {@code state} in {@code states}. */
  private static List<PeerState> after(List<PeerState> states, PeerState state) {
    int last = states.lastIndexOf(state);
    return states.subList(last + 1, states.size());
  }

  /** An agent for host {@code index}, a member of the class's mesh (not started). */
  private LanAgent agent(int index, String... extraArgs) {
    Path dataDir = lan.directory().resolve("h" + index);
    if (index != 1 && !Files.exists(dataDir.resolve("mesh.key"))) {
      LanAgent.join(dataDir, joinCode);
    }
    return LanAgent.on(lan.host(index), dataDir, List.of(plugin), extraArgs);
  }

  private void awaitAllAlive(List<LanAgent> members) {
    for (LanAgent observer : members) {
      for (LanAgent other : members) {
        if (other != observer) {
          awaitState(observer, other, PeerState.ALIVE);
        }
      }
    }
  }

  static void awaitState(LanAgent observer, LanAgent other, PeerState state) {
    await(observer + " sees " + other + " " + state)
        .atMost(PATIENCE)
        .pollInterval(POLL)
        .until(() -> observer.peer(other).map(Peer::state), s -> s.equals(Optional.of(state)));
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
