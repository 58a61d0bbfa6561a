package dev.echomesh.it.mesh;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.it.lan.RequiresVirtualLan;
import dev.echomesh.tools.lan.ExecResult;
import dev.echomesh.tools.lan.JavaCommand;
import dev.echomesh.tools.lan.VirtualHost;
import dev.echomesh.tools.lan.VirtualLan;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * {@code echomesh doctor --json} names the cause of each fault made real on one virtual LAN: nft
 * rules in a host's namespace dropping multicast, the ping port and the link port; a peer's link
 * port filtered; client isolation (isolated bridge ports); a second agent on the ping port; an
 * agent whose outgoing mDNS is dropped, so that it never hears its own announcement; an agent of
 * another mesh announcing itself. Two agents (h1, h2) run for the whole class; each test applies
 * one fault, checks, and removes it.
 */
@RequiresVirtualLan
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DoctorIT {

  static final Duration PATIENCE = Duration.ofSeconds(60);
  static final Duration POLL = Duration.ofMillis(250);
  static final Duration DOCTOR_TIMEOUT = Duration.ofSeconds(60);
  /** Exit code of doctor when it found a problem (ExitCodes.PROBLEMS_FOUND). */
  static final int PROBLEMS_FOUND = 14;
  /** The agents' default ports (UDP pings and TCP links). */
  static final int PORT = 47200;
  /** How long an agent must announce itself before doctor judges its missing echo (DiscoveryCheck). */
  static final Duration OWN_ECHO_GRACE = Duration.ofSeconds(10);

  private static final ObjectMapper JSON = new ObjectMapper();

  private VirtualLan lan;
  private LanAgent a;
  private LanAgent b;

  @BeforeAll
  void startMesh() {
    lan = VirtualLan.create(2);
    try {
      Path dirA = lan.directory().resolve("h1");
      Path dirB = lan.directory().resolve("h2");
      LanAgent.join(dirB, LanAgent.newMesh(dirA));
      a = LanAgent.on(lan.host(1), dirA, List.of()).start();
      b = LanAgent.on(lan.host(2), dirB, List.of()).start();
    } catch (RuntimeException | Error e) {
      System.err.println(lan.describe());
      lan.close();
      throw e;
    }
  }

  @AfterAll
  void closeLan() {
    if (lan != null) {
      lan.close();
    }
  }

  @BeforeEach
  void bothAlive() {
    await("h1 and h2 ALIVE at each other").atMost(PATIENCE).pollInterval(POLL)
        .until(() -> state(a, b).equals(Optional.of(PeerState.ALIVE))
            && state(b, a).equals(Optional.of(PeerState.ALIVE)));
  }

  @Test
  void doctor_healthyMesh_exitsZeroWithoutProblems() throws IOException {
    // The control of the own-announcement test: where multicast works, the echo comes back.
    await("h1 hears its own mDNS announcement").atMost(PATIENCE).pollInterval(POLL)
        .until(() -> a.discovery().ownHeardAgo().isPresent());
    JsonNode report = doctor(a, 0);
    assertTrue(report.path("ok").asBoolean(), report.toString());
    assertTrue(report.path("agentRunning").asBoolean(), report.toString());
  }

  @Test
  void doctor_nftDropsMulticast_namesTheRule() throws IOException {
    withNftRule(lan.host(1), "ip daddr 224.0.0.0/4 drop",
        () -> assertCause(doctor(a, PROBLEMS_FOUND), "firewall-multicast"));
  }

  @Test
  void doctor_nftDropsThePingPort_namesTheRule() throws IOException {
    withNftRule(lan.host(1), "udp dport " + PORT + " drop",
        () -> assertCause(doctor(a, PROBLEMS_FOUND), "firewall-ping-port"));
  }

  @Test
  void doctor_nftDropsTheLinkPort_namesTheRuleHereAndTheUnreachablePortThere() throws IOException {
    withNftRule(lan.host(2), "tcp dport " + PORT + " drop", () -> {
      assertCause(doctor(b, PROBLEMS_FOUND), "firewall-link-port");
      assertCause(doctor(a, PROBLEMS_FOUND), "link-unreachable");
    });
  }

  @Test
  void doctor_clientIsolation_namesPingsThatDoNotArrive() throws IOException {
    lan.isolate(lan.host(1), true);
    lan.isolate(lan.host(2), true);
    try {
      await("h1 finds h2 silent").atMost(PATIENCE).pollInterval(POLL)
          .until(() -> state(a, b).filter(s -> s != PeerState.ALIVE).isPresent());
      assertCause(doctor(a, PROBLEMS_FOUND), "pings-not-arriving");
    } finally {
      lan.isolate(lan.host(1), false);
      lan.isolate(lan.host(2), false);
    }
  }

  @Test
  void doctor_secondAgentOnThePingPort_namesIt() throws IOException {
    Path other = lan.directory().resolve("h1-second");
    LanAgent.newMesh(other);
    LanAgent second = LanAgent.on(lan.host(1), other, List.of(), "--port", "0", "--udp-port",
        Integer.toString(PORT), "--no-mdns").start();
    try {
      JsonNode report = doctor(a, PROBLEMS_FOUND);
      assertCause(report, "port-taken-ping");
      long secondPid = second.status().orElseThrow().pid();
      assertTrue(finding(report, "port-taken-ping").path("problem").asText().contains("java"),
          report.toString() + " (second agent: pid " + secondPid + " in its namespace)");
    } finally {
      second.stop();
    }
  }

  @Test
  void doctor_ownMdnsDroppedOnTheWayOut_namesTheAnnouncementNeverHeardBack() throws IOException {
    withNftRule(lan.host(2), "output", "ip daddr 224.0.0.251 udp dport 5353 drop", () -> {
      LanAgent deaf = otherMeshAgent("h2-deaf");
      try {
        await("h2-deaf announces itself long enough").atMost(PATIENCE).pollInterval(POLL)
            .until(() -> deaf.discovery().announcingFor().compareTo(OWN_ECHO_GRACE) >= 0);
        JsonNode report = doctor(deaf, PROBLEMS_FOUND);
        assertCause(report, "own-mdns-not-heard");
        assertTrue(!finding(report, "own-mdns-not-heard").path("fix").asText().isBlank(), report.toString());
      } finally {
        deaf.stop();
      }
    });
  }

  @Test
  void doctor_agentOfAnotherMeshAnnounced_notesItsMeshAndAddress() throws IOException {
    LanAgent stranger = otherMeshAgent("h2-stranger");
    try {
      String strangerId = stranger.nodeId().shortForm();
      await("h1 hears the stranger's mDNS").atMost(PATIENCE).pollInterval(POLL)
          .until(() -> a.discovery().otherMeshNodes().stream()
              .anyMatch(node -> node.nodeId().equals(stranger.nodeId())));
      JsonNode report = doctor(a, 0);
      String problem = finding(report, "other-mesh-mdns").path("problem").asText();
      assertTrue(problem.contains(strangerId) && problem.contains(lan.host(2).ip().getHostAddress()),
          report.toString());
    } finally {
      stranger.stop();
    }
  }

  /** An agent of a mesh of its own in h2, with mDNS, on ports of its own (its pings reach nobody). */
  private LanAgent otherMeshAgent(String name) {
    Path dir = lan.directory().resolve(name);
    LanAgent.newMesh(dir);
    return LanAgent.on(lan.host(2), dir, List.of(), "--port", "0", "--udp-port", "0").start();
  }

  /** A check that may throw. */
  @FunctionalInterface
  interface Check {
    void run() throws IOException;
  }

  /** Adds {@code rule} to an input chain in {@code host}, runs {@code check}, removes the table. */
  private static void withNftRule(VirtualHost host, String rule, Check check) throws IOException {
    withNftRule(host, "input", rule, check);
  }

  /**
   * Adds {@code rule} to a chain on {@code hook} (input, output) in {@code host}, runs {@code
   * check}, removes the table.
   */
  private static void withNftRule(VirtualHost host, String hook, String rule, Check check) throws IOException {
    host.exec("nft", "add", "table", "inet", "doctorit").requireSuccess();
    try {
      host.exec("nft", "add", "chain", "inet", "doctorit", hook,
          "{ type filter hook " + hook + " priority 0; policy accept; }").requireSuccess();
      host.exec("sh", "-c", "nft add rule inet doctorit " + hook + " " + rule).requireSuccess();
      check.run();
    } finally {
      host.exec("nft", "delete", "table", "inet", "doctorit").requireSuccess();
    }
  }

  /** Runs {@code echomesh doctor --json} in {@code agent}'s host and checks its exit code. */
  private static JsonNode doctor(LanAgent agent, int expectedExit) throws IOException {
    List<String> argv = new ArrayList<>(JavaCommand.echomeshJar()
        .args("doctor", "--json", "--data-dir", agent.dataDir().toString()).argv());
    ExecResult result = agent.host().exec(DOCTOR_TIMEOUT, argv.toArray(String[]::new));
    assertEquals(expectedExit, result.exitCode(), result.toString());
    return JSON.readTree(result.stdout());
  }

  private static void assertCause(JsonNode report, String code) {
    assertTrue(!finding(report, code).isMissingNode(), "no finding " + code + " in " + report);
  }

  private static JsonNode finding(JsonNode report, String code) {
    for (JsonNode finding : report.path("findings")) {
      if (finding.path("code").asText().equals(code)) {
        return finding;
      }
    }
    return com.fasterxml.jackson.databind.node.MissingNode.getInstance();
  }

  private static Optional<PeerState> state(LanAgent observer, LanAgent other) {
    try {
      return observer.peer(other).map(Peer::state);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
