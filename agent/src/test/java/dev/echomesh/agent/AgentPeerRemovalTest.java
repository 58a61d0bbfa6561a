package dev.echomesh.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.liveness.LivenessConfig;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerListener;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.testing.GateTask;
import dev.echomesh.agent.testing.LoopbackAgents;
import dev.echomesh.agent.testing.TestMeshes;
import dev.echomesh.agent.testing.TestMeshes.TestMesh;
import dev.echomesh.agent.testing.TestPeers;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Peers leaving the table of real agents on loopback: by expiry after a short configured {@code
 * forgetAfter}, and by {@link Agent#forget}.
 */
class AgentPeerRemovalTest {

  private static final Duration WAIT = Duration.ofSeconds(30);

  private final LoopbackAgents agents = new LoopbackAgents();
  private final TestMesh mesh = TestMeshes.newMesh();

  @AfterEach
  void tearDown() {
    agents.close();
  }

  /** Loopback liveness whose LEFT and DEAD peers leave after {@code forgetAfter} of silence. */
  private static LivenessConfig forgettingAfter(Duration forgetAfter) {
    return LoopbackAgents.loopbackLiveness().toBuilder().forgetAfter(forgetAfter).build();
  }

  /** Links {@code a} (configured by {@code aConfig}) and {@code b}, pinging each other. */
  private Agent[] pingingPair(AgentConfig.Builder aConfig, AgentConfig.Builder bConfig) {
    Agent[] pair = agents.linkedPair(mesh, aConfig, bConfig);
    await().atMost(WAIT).until(() -> pair[0].findPeer("b").orElseThrow().udpPort() != 0
        && pair[1].findPeer("a").orElseThrow().udpPort() != 0);
    return pair;
  }

  @Test
  void close_peerStopped_leftThenRemovedAfterForgetAfter() {
    Agent[] pair = pingingPair(
        LoopbackAgents.config(mesh, "a").liveness(forgettingAfter(Duration.ofSeconds(2))),
        LoopbackAgents.config(mesh, "b"));
    Agent a = pair[0];
    Agent b = pair[1];
    Changes seen = new Changes(b.nodeId());
    a.addPeerListener(seen);

    b.close();

    await("b removed from a's table").atMost(WAIT)
        .until(() -> a.peers().stream().noneMatch(p -> p.id().equals(b.nodeId())));
    // The table drops the peer, then tells its listeners on the membership thread: wait for that too.
    await("a's listener told of the removal").atMost(WAIT).until(() -> !seen.removed.isEmpty());
    assertEquals(List.of(PeerState.LEFT), seen.states, "LEFT at its goodbye, never DEAD");
    assertEquals(1, seen.removed.size());
    assertEquals(PeerState.LEFT, seen.removed.get(0).state());
  }

  @Test
  void forget_alivePeer_removedLinksClosedAndBackAtItsNextPing() throws Exception {
    GateTask slow = new GateTask("slow");
    Agent[] pair = pingingPair(LoopbackAgents.config(mesh, "a"),
        LoopbackAgents.config(mesh, "b").task(slow));
    Agent a = pair[0];
    Agent b = pair[1];
    Changes seen = new Changes(b.nodeId());
    a.addPeerListener(seen);
    CompletableFuture<TaskResult> call = a.call(b.nodeId(), "slow", new byte[0], WAIT);
    assertTrue(slow.started.await(WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS));

    Optional<Peer> forgotten = a.forget(b.nodeId());

    assertEquals(PeerState.ALIVE, forgotten.orElseThrow().state());
    assertEquals(List.of(forgotten.get()), seen.removed);
    await("the call on the closed link ends").atMost(WAIT).until(call::isDone);
    assertEquals(TaskStatus.UNAVAILABLE, call.join().status(), call.join().toString());
    await("b back in a's table at its next ping").atMost(WAIT)
        .until(() -> a.findPeer("b").map(p -> p.state() == PeerState.ALIVE).orElse(false));
    assertTrue(seen.added >= 1, "told as a new peer");
    slow.release.countDown();
  }

  @Test
  void forget_leftPeerWithExpiryOff_goneAtOnceAndForgettingAgainFindsNothing() {
    Agent[] pair = pingingPair(
        LoopbackAgents.config(mesh, "a").liveness(forgettingAfter(Duration.ZERO)),
        LoopbackAgents.config(mesh, "b"));
    Agent a = pair[0];
    Agent b = pair[1];
    b.close();
    await().atMost(WAIT).until(() -> a.findPeer("b").orElseThrow().state() == PeerState.LEFT);

    assertEquals(PeerState.LEFT, a.forget(b.nodeId()).orElseThrow().state());

    assertTrue(a.findPeer("b").isEmpty());
    assertTrue(a.forget(b.nodeId()).isEmpty());
  }

  @Test
  void forget_unknownPeer_empty() {
    Agent a = agents.start(LoopbackAgents.config(mesh, "a"));
    assertTrue(a.forget(TestPeers.nodeId("nobody")).isEmpty());
  }

  /** What a listener is told about one peer: its states as they change, adds and removals. */
  private static final class Changes implements PeerListener {
    final List<PeerState> states = new CopyOnWriteArrayList<>();
    final List<Peer> removed = new CopyOnWriteArrayList<>();
    volatile int added;
    private final NodeId id;

    Changes(NodeId id) {
      this.id = id;
    }

    @Override
    public void peerChanged(Peer before, Peer after) {
      if (!after.id().equals(id)) {
        return;
      }
      if (before == null) {
        added++;
      } else if (before.state() != after.state()) {
        states.add(after.state());
      }
    }

    @Override
    public void peerRemoved(Peer last) {
      if (last.id().equals(id)) {
        removed.add(last);
      }
    }
  }
}
