package dev.echomesh.it.mesh;

import static dev.echomesh.it.mesh.MeshIT.PATIENCE;
import static dev.echomesh.it.mesh.MeshIT.POLL;
import static dev.echomesh.it.mesh.MeshIT.awaitState;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.it.lan.RequiresVirtualLan;
import dev.echomesh.tools.lan.VirtualLan;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A wall-clock step on one host, as NTP makes one (every Raspberry Pi without a real-time clock
 * does after boot): h1's agent runs under libfaketime, whose clock the test steps 30 s forward and
 * 30 s back while h1, h2 and h3 watch each other. Liveness measures silence on the monotonic
 * ticker, so no peer changes state anywhere; and a peer killed after a backward step is DEAD at
 * the others, h1 included, as after any kill.
 */
@RequiresVirtualLan
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClockStepIT {

  static final int AGENTS = 3;
  /** How long nothing may change after each step. A tick of the failure detector is 100 ms. */
  static final Duration OBSERVE = Duration.ofSeconds(3);
  /**
   * Bound of detecting the kill: generous for two shared cores (it takes about 1.3 s), yet well
   * under the 30 s that a detector on the wall clock would keep the killed peer ALIVE for.
   */
  static final Duration DETECTION = Duration.ofSeconds(15);
  /** How close h1's "last seen" timestamps must be to the real time plus its offset. */
  static final Duration STEP_SEEN = Duration.ofSeconds(10);

  private VirtualLan lan;
  private SteppedWallClock h1Clock;
  private final List<LanAgent> agents = new ArrayList<>();

  @BeforeAll
  void startMesh() throws IOException {
    Optional<Path> library = SteppedWallClock.library();
    if (library.isEmpty()) {
      String reason = "libfaketime is not installed (apt-get install faketime)";
      if (VirtualLan.required()) {
        throw new IllegalStateException(reason + ", and the virtual-LAN tests are required");
      }
      Assumptions.abort(reason);
    }
    lan = VirtualLan.create(AGENTS);
    try {
      h1Clock = SteppedWallClock.create(library.get(), lan.directory().resolve("h1-faketime"));
      String joinCode = LanAgent.newMesh(lan.directory().resolve("h1"));
      for (int i = 1; i <= AGENTS; i++) {
        Path dataDir = lan.directory().resolve("h" + i);
        if (i != 1) {
          LanAgent.join(dataDir, joinCode);
        }
        LanAgent agent = LanAgent.on(lan.host(i), dataDir, List.of());
        if (i == 1) {
          agent.environment(h1Clock.environment());
        }
        agents.add(agent.start());
      }
    } catch (RuntimeException | Error e) {
      System.err.println(lan.describe());
      closeMesh();
      throw e;
    }
  }

  @AfterAll
  void closeMesh() {
    if (lan != null) {
      lan.close();
      lan = null;
    }
  }

  @Test
  void wallClockStepped30sForwardAndBack_noStateChangesAnywhere_peerKilledAfterwardsStillDead() throws Exception {
    awaitAllAlive();
    LanAgent stepped = agents.get(0);
    List<PeerStateRecorder> recorders = new ArrayList<>();
    List<String> pairs = new ArrayList<>();
    try {
      for (LanAgent observer : agents) {
        for (LanAgent watched : agents) {
          if (watched != observer) {
            recorders.add(PeerStateRecorder.start(observer, watched));
            pairs.add(observer + " about " + watched);
          }
        }
      }
      await("every agent's peer watch delivered its first snapshot").atMost(PATIENCE).pollInterval(POLL)
          .until(() -> recorders.stream().noneMatch(r -> r.states().isEmpty()));
      step(stepped, Duration.ofSeconds(30), recorders, pairs);
      step(stepped, Duration.ZERO, recorders, pairs);
      step(stepped, Duration.ofSeconds(-30), recorders, pairs);
    } finally {
      recorders.forEach(PeerStateRecorder::close);
    }

    LanAgent victim = agents.get(AGENTS - 1);
    victim.kill9();
    for (LanAgent observer : agents.subList(0, AGENTS - 1)) {
      await(observer + " sees the killed " + victim + " DEAD").atMost(DETECTION).pollInterval(POLL)
          .until(() -> observer.peer(victim).map(Peer::state), s -> s.equals(Optional.of(PeerState.DEAD)));
    }
  }

  /**
   * Sets {@code stepped}'s wall clock to the real time plus {@code offset}, waits until its peer
   * table shows the new time (its "last seen" timestamps are read from its wall clock), then
   * watches for {@link #OBSERVE} that no agent reports any state but ALIVE for any peer.
   */
  private void step(LanAgent stepped, Duration offset, List<PeerStateRecorder> recorders, List<String> pairs) {
    h1Clock.offset(offset);
    LanAgent other = agents.get(1);
    await(stepped + "'s clock at " + offset).atMost(PATIENCE).pollInterval(POLL).until(() -> {
      Instant lastSeen = stepped.peer(other).orElseThrow().lastSeen();
      Duration fromExpected = Duration.between(Instant.now().plus(offset), lastSeen).abs();
      return fromExpected.compareTo(STEP_SEEN) < 0;
    });
    await("no state changes for " + OBSERVE + " after stepping " + stepped + "'s clock to " + offset)
        .during(OBSERVE).atMost(OBSERVE.plus(PATIENCE)).pollInterval(POLL)
        .failFast("a peer left ALIVE after the step", () -> assertOnlyAlive(recorders, pairs))
        .until(() -> onlyAlive(recorders));
  }

  private static boolean onlyAlive(List<PeerStateRecorder> recorders) {
    return recorders.stream().allMatch(r -> r.states().equals(List.of(PeerState.ALIVE)));
  }

  private static void assertOnlyAlive(List<PeerStateRecorder> recorders, List<String> pairs) {
    for (int i = 0; i < recorders.size(); i++) {
      assertEquals(List.of(PeerState.ALIVE), recorders.get(i).states(), pairs.get(i));
    }
  }

  private void awaitAllAlive() {
    for (LanAgent observer : agents) {
      for (LanAgent other : agents) {
        if (other != observer) {
          awaitState(observer, other, PeerState.ALIVE);
        }
      }
    }
  }
}
