package dev.echomesh.agent;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.testing.CountingTask;
import dev.echomesh.agent.testing.GateTask;
import dev.echomesh.agent.testing.LoopbackAgents;
import dev.echomesh.agent.testing.TestMeshes;
import dev.echomesh.agent.testing.TestMeshes.TestMesh;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** {@link Agent#callAny} between agents on loopback: fail-over and at-most-once under a cut link. */
class AnyCallAgentTest {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);
  /** Random orders tried until the overloaded peer came first; 2^-40 odds it never does. */
  private static final int RANDOM_ROUNDS = 40;

  private static void awaitAlive(Agent at, Agent... peers) {
    for (Agent peer : peers) {
      await(at.name() + " sees " + peer.name() + " ALIVE").atMost(LoopbackAgents.LINK_WAIT)
          .until(() -> at.peers().stream().anyMatch(p -> p.id().equals(peer.nodeId()) && p.state() == PeerState.ALIVE));
    }
  }

  @Test
  void callAny_firstChoiceOverloaded_secondAnswersAfterTwoAttempts() {
    TestMesh mesh = TestMeshes.newMesh();
    GateTask block = new GateTask("block");
    CountingTask busyWork = new CountingTask(run -> "busy");
    try (LoopbackAgents agents = new LoopbackAgents()) {
      Agent busy = agents.start(LoopbackAgents.config(mesh, "busy").taskThreads(1).taskQueueCapacity(0)
          .task(busyWork).task(block));
      Agent free = agents.start(LoopbackAgents.config(mesh, "free").task(new CountingTask(run -> "free")));
      Agent caller = agents.start(LoopbackAgents.config(mesh, "caller")
          .link(l -> l.staticPeer(busy.linkAddress()).staticPeer(free.linkAddress())));
      awaitAlive(caller, busy, free);
      try {
        CompletableFuture<TaskResult> holding = caller.call(busy.nodeId(), "block", null, TIMEOUT);
        await("busy's only task thread is taken").atMost(TIMEOUT).until(() -> block.started.getCount() == 0);

        boolean busyTriedFirst = false;
        for (int round = 0; round < RANDOM_ROUNDS && !busyTriedFirst; round++) {
          AnyCallResult result = caller.callAny("work", PeerSelector.random(), null, TIMEOUT).join();
          assertEquals(TaskStatus.OK, result.result().status(), result.toString());
          assertEquals(free.nodeId(), result.peer());
          assertEquals("free", result.result().payloadAsString());
          assertTrue(result.attempts() == 1 || result.attempts() == 2, result.toString());
          busyTriedFirst = result.attempts() == 2;
        }
        assertTrue(busyTriedFirst, "the overloaded peer was never chosen first in " + RANDOM_ROUNDS + " rounds");
        assertEquals(0, busyWork.runs());
        block.release.countDown();
        assertEquals(TaskStatus.OK, holding.join().status());
      } finally {
        block.release.countDown();
      }
    }
  }

  @Test
  void callAny_peerLackingTheTask_isSkippedAndRemembered() {
    TestMesh mesh = TestMeshes.newMesh();
    CountingTask work = new CountingTask(run -> "with");
    try (LoopbackAgents agents = new LoopbackAgents()) {
      Agent without = agents.start(LoopbackAgents.config(mesh, "without"));
      Agent with = agents.start(LoopbackAgents.config(mesh, "with").task(work));
      Agent caller = agents.start(LoopbackAgents.config(mesh, "caller")
          .link(l -> l.staticPeer(without.linkAddress()).staticPeer(with.linkAddress())));
      awaitAlive(caller, without, with);

      boolean learned = false;
      for (int round = 0; round < RANDOM_ROUNDS; round++) {
        AnyCallResult result = caller.callAny("work", PeerSelector.random(), null, TIMEOUT).join();
        assertEquals(with.nodeId(), result.peer(), result.toString());
        if (learned) {
          assertEquals(1, result.attempts(), "'without' was tried again after its NOT_FOUND: " + result);
        }
        learned |= result.attempts() == 2;
      }
      assertTrue(learned, "'without' was never chosen first in " + RANDOM_ROUNDS + " rounds");
      assertEquals(RANDOM_ROUNDS, work.runs());
    }
  }

  @Test
  void callAny_noPeerMatchesTheTags_unavailableAfterZeroAttempts() {
    TestMesh mesh = TestMeshes.newMesh();
    try (LoopbackAgents agents = new LoopbackAgents()) {
      Agent[] pair = agents.linkedPair(mesh, LoopbackAgents.config(mesh, "a"), LoopbackAgents.config(mesh, "b"));
      awaitAlive(pair[0], pair[1]);
      AnyCallResult result = pair[0].callAny("echo", PeerSelector.leastRtt().withTag("role", "camera"), null,
          TIMEOUT).join();
      assertEquals(0, result.attempts());
      assertEquals(TaskStatus.UNAVAILABLE, result.result().status());
    }
  }

  @Test
  void callAny_tagSelector_onlyPeersWithTheTagAnswer() {
    TestMesh mesh = TestMeshes.newMesh();
    CountingTask otherWork = new CountingTask(run -> "other");
    try (LoopbackAgents agents = new LoopbackAgents()) {
      Agent camera = agents.start(LoopbackAgents.config(mesh, "camera").tags(java.util.List.of("role=camera"))
          .task(new CountingTask(run -> "camera")));
      Agent other = agents.start(LoopbackAgents.config(mesh, "other").tags(java.util.List.of("role=door"))
          .task(otherWork));
      Agent caller = agents.start(LoopbackAgents.config(mesh, "caller")
          .link(l -> l.staticPeer(camera.linkAddress()).staticPeer(other.linkAddress())));
      awaitAlive(caller, camera, other);
      PeerSelector cameras = PeerSelector.random().withTag("role", "camera");
      await("the camera's tags reached the caller in a ping").atMost(LoopbackAgents.LINK_WAIT)
          .until(() -> caller.callAny("work", cameras, null, TIMEOUT).join().isOk());

      for (int round = 0; round < 10; round++) {
        AnyCallResult result = caller.callAny("work", cameras, null, TIMEOUT).join();
        assertEquals(camera.nodeId(), result.peer(), result.toString());
      }
      assertEquals(0, otherWork.runs());
    }
  }

  @Test
  void callAny_leastLoad_choosesThePeerWithFewerCallsInFlight() {
    TestMesh mesh = TestMeshes.newMesh();
    int held = 3;
    GateTask block = new GateTask("block", held);
    CountingTask busyWork = new CountingTask(run -> "busy");
    try (LoopbackAgents agents = new LoopbackAgents()) {
      Agent busy = agents.start(LoopbackAgents.config(mesh, "busy").taskThreads(held + 2)
          .task(busyWork).task(block));
      Agent idle = agents.start(LoopbackAgents.config(mesh, "idle").task(new CountingTask(run -> "idle")));
      Agent caller = agents.start(LoopbackAgents.config(mesh, "caller")
          .link(l -> l.staticPeer(busy.linkAddress()).staticPeer(idle.linkAddress())));
      awaitAlive(caller, busy, idle);
      try {
        for (int i = 0; i < held; i++) {
          caller.call(busy.nodeId(), "block", null, TIMEOUT);
        }
        await("busy runs " + held + " calls").atMost(TIMEOUT).until(() -> block.started.getCount() == 0);
        await("busy's load reached the caller in a ping").atMost(LoopbackAgents.LINK_WAIT)
            .until(() -> idle.nodeId().equals(caller.callAny("work", PeerSelector.leastLoad(), null, TIMEOUT)
                .join().peer()));
        int busyBefore = busyWork.runs();

        for (int round = 0; round < 10; round++) {
          AnyCallResult result = caller.callAny("work", PeerSelector.leastLoad(), null, TIMEOUT).join();
          assertEquals(idle.nodeId(), result.peer(), result.toString());
          assertEquals(1, result.attempts());
        }
        assertEquals(busyBefore, busyWork.runs());
      } finally {
        block.release.countDown();
      }
    }
  }

  @Test
  void callAny_linkCutAfterTheTaskRan_retriesAndTheTaskRanExactlyOnce() {
    TestMesh mesh = TestMeshes.newMesh();
    AtomicReference<Agent> callee = new AtomicReference<>();
    AtomicReference<NodeId> callerId = new AtomicReference<>();
    AtomicInteger cuts = new AtomicInteger();
    // After running, the first time: the callee drops its links to the caller (forget closes them)
    // before it returns, so the result is written to a closed link and never arrives.
    Runnable cutOnce = () -> {
      if (cuts.getAndIncrement() == 0) {
        callee.get().forget(callerId.get());
      }
    };
    try (LoopbackAgents agents = new LoopbackAgents()) {
      CountingTask work = new CountingTask(run -> "callee", cutOnce);
      Agent only = agents.start(LoopbackAgents.config(mesh, "callee").task(work));
      callee.set(only);
      Agent caller = agents.start(LoopbackAgents.config(mesh, "caller").link(l -> l.staticPeer(only.linkAddress())));
      callerId.set(caller.nodeId());
      awaitAlive(caller, only);

      AnyCallResult result = caller.callAny("work", PeerSelector.leastRtt(), null, TIMEOUT).join();

      assertEquals(TaskStatus.OK, result.result().status(), result.toString());
      assertEquals("callee", result.result().payloadAsString());
      assertEquals(only.nodeId(), result.peer());
      assertEquals(2, result.attempts());
      assertEquals(1, cuts.get(), "the link was not cut as planned");
      assertEquals(1, work.runs(), "the task ran more than once");
    }
  }
}
