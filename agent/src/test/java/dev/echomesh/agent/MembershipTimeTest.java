package dev.echomesh.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.liveness.LivenessConfig;
import dev.echomesh.agent.liveness.LivenessListener;
import dev.echomesh.agent.liveness.LivenessService;
import dev.echomesh.agent.liveness.LocalNode;
import dev.echomesh.agent.liveness.PingTargetSource;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.peers.internal.PeerTable;
import dev.echomesh.agent.peers.internal.Sighting;
import dev.echomesh.agent.testing.FakeClock;
import dev.echomesh.agent.testing.FakeTicker;
import dev.echomesh.agent.testing.LoopbackAgents;
import dev.echomesh.agent.testing.TestMeshes;
import dev.echomesh.agent.testing.TestMeshes.TestMesh;
import dev.echomesh.agent.testing.TestPeers;
import dev.echomesh.agent.time.Ticker;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Membership on a fake ticker and a steppable wall clock (a real UDP socket on 127.0.0.1, nothing
 * else): silence is measured on the ticker only, so steps of the wall clock, like NTP's, change no
 * peer's state, and a silent peer still goes SUSPECT and DEAD. Peer B is a sighting recorded the
 * way liveness records it, stamped with the ticker; the default timings apply (SUSPECT after
 * 600 ms, DEAD after 1.2 s of silence, a tick every 100 ms). Time passes tick by tick ({@link
 * #passTicking}) unless a test means this node to stall: a jump of the ticker between two ticks
 * is a stall of this node, which local health does not hold against B.
 */
class MembershipTimeTest {

  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final NodeId B = TestPeers.nodeId("b");

  private final FakeTicker ticker = new FakeTicker();
  // Near the real time: a real peer's datagrams must not look stale to it.
  private final FakeClock clock = FakeClock.following(ticker, Instant.now());
  private final TestMesh mesh = TestMeshes.newMesh();
  private final AgentConfig config =
      LoopbackAgents.config(mesh, "a").clock(clock).ticker(ticker).build();
  private final PeerTable peers = PeerTable.create(clock, ticker);
  private final List<PeerState> statesOfB = new CopyOnWriteArrayList<>();
  private Membership membership;

  @BeforeEach
  void start() throws IOException {
    peers.addListener((before, after) -> {
      if (after.id().equals(B) && (before == null || before.state() != after.state())) {
        statesOfB.add(after.state());
      }
    });
    membership = Membership.start(config, peers);
  }

  @AfterEach
  void stop() throws Exception {
    membership.leave().get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** A ping of B arriving now, as the liveness bridge records it; B has no UDP port to ping. */
  private void heardFromB() {
    peers.record(new Sighting(B, Sighting.Source.LIVENESS, ticker.read(), "b", 1,
        InetAddress.getLoopbackAddress(), "", "", "", 0, 0));
  }

  /** Lets {@code duration} pass in steps of one tick (100 ms), assessing after each. */
  private void passTicking(Duration duration) {
    for (long left = duration.toMillis(); left > 0; left -= 100) {
      ticker.advance(Duration.ofMillis(Math.min(100, left)));
      membership.assessPeers();
    }
  }

  private PeerState stateOfB() {
    return peers.get(B).orElseThrow().state();
  }

  @Test
  void assessPeers_wallClockSteppedForward30sThenBack30s_noStateChanges() {
    heardFromB();
    // 5 s of B pinging every 200 ms, assessed every 100 ms; the clock jumps at 1 s and at 3 s.
    for (int tenth = 1; tenth <= 50; tenth++) {
      ticker.advance(Duration.ofMillis(100));
      if (tenth == 10) {
        clock.step(Duration.ofSeconds(30));
      }
      if (tenth == 30) {
        clock.step(Duration.ofSeconds(-30));
      }
      if (tenth % 2 == 0) {
        heardFromB();
      }
      membership.assessPeers();
    }
    assertEquals(List.of(PeerState.ALIVE), statesOfB);
  }

  @Test
  void assessPeers_silentPeer_suspectThenDeadOnTheTickerWhateverTheWallClock() {
    heardFromB();
    clock.step(Duration.ofSeconds(30));
    passTicking(Duration.ofMillis(700));
    assertEquals(PeerState.SUSPECT, stateOfB(), "700 ms of silence, not 30.7 s");
    clock.step(Duration.ofSeconds(-60));
    passTicking(Duration.ofMillis(600));
    assertEquals(List.of(PeerState.ALIVE, PeerState.SUSPECT, PeerState.DEAD), statesOfB);
  }

  @Test
  void assessPeers_deadPeerSilentForForgetAfter_removedOnTheTickerWhateverTheWallClock() {
    heardFromB();
    passTicking(Duration.ofMillis(1300));
    assertEquals(PeerState.DEAD, stateOfB());
    clock.step(Duration.ofHours(2));
    ticker.advance(Duration.ofMinutes(59).plusSeconds(58)); // silent 59 min 59.3 s
    membership.assessPeers();
    assertTrue(peers.get(B).isPresent(), "59 min 59.3 s of silence on the ticker, not 2 h");
    ticker.advance(Duration.ofSeconds(1));
    membership.assessPeers();
    assertTrue(peers.get(B).isEmpty(), "1 h of silence: the default forgetAfter");
  }

  @Test
  void tick_peerSilentAfterWallClockSteppedBack30s_deadOnTheTicker() {
    heardFromB();
    clock.step(Duration.ofSeconds(-30));
    // Time passes in small steps between the tick's runs (a jump would be a stall of this node).
    await("B DEAD by the membership's own tick").atMost(WAIT).pollInterval(Duration.ofMillis(10))
        .until(() -> {
          ticker.advance(Duration.ofMillis(5));
          return stateOfB() == PeerState.DEAD;
        });
    assertEquals(PeerState.DEAD, statesOfB.get(statesOfB.size() - 1));
  }

  @Test
  void assessPeers_ownStallLongerThanDeadAfter_peerNotDeadAndAliveWhenItsDatagramsAreRead() {
    heardFromB();
    passTicking(Duration.ofMillis(300));
    ticker.advance(Duration.ofSeconds(3)); // this node did not run for 3 s: no tick, nothing read
    membership.assessPeers();
    assertEquals(PeerState.ALIVE, stateOfB(), "3.3 s of silence, 2.9 s of them this node's own stall");
    heardFromB(); // the datagrams that waited in the socket
    passTicking(Duration.ofMillis(200));
    assertEquals(List.of(PeerState.ALIVE), statesOfB);
  }

  @Test
  void assessPeers_peerSilentThroughAndAfterOwnStall_deadOnceSilentForDeadAfterOutsideTheStall() {
    heardFromB();
    passTicking(Duration.ofMillis(300));
    ticker.advance(Duration.ofSeconds(3)); // a stall of 2.9 s: from the tick due at 400 ms
    membership.assessPeers();
    passTicking(Duration.ofMillis(700)); // silent 400 ms before the stall and 700 ms after it
    assertEquals(PeerState.SUSPECT, stateOfB());
    passTicking(Duration.ofMillis(200));
    assertEquals(List.of(PeerState.ALIVE, PeerState.SUSPECT, PeerState.DEAD), statesOfB);
  }

  @Test
  void start_livenessStampsWhatItHearsWithTheConfiguredTicker() throws Exception {
    NodeId pinger = TestPeers.nodeId("pinger");
    LivenessConfig toA = LivenessConfig.builder()
        .bindAddress(InetAddress.getLoopbackAddress())
        .port(0)
        .staticTargets(List.of(membership.livenessAddress()))
        .build();
    try (LivenessService real = LivenessService.start(toA, new LocalNode(pinger, "pinger", 0, 1),
        mesh.secrets(), PingTargetSource.none(), new Ignoring(), Clock.systemUTC(), Ticker.system())) {
      await().atMost(WAIT).until(() -> peers.get(pinger).isPresent());
      // Last seen = the wall clock now minus the ticker's time since the arrival: exactly the
      // clock's instant only when the arrival was stamped with this (frozen) ticker.
      assertEquals(clock.instant(), peers.get(pinger).orElseThrow().lastSeen());
      assertEquals(PeerState.ALIVE, peers.get(pinger).orElseThrow().state());
    }
  }

  /** A liveness listener for a peer that only needs to be heard. */
  private static final class Ignoring implements LivenessListener {
    @Override
    public void heardFrom(HeardFrom event) {}

    @Override
    public void roundTrip(RoundTrip event) {}

    @Override
    public void left(Left event) {}
  }
}
