package dev.echomesh.tools;

import static dev.echomesh.agent.testing.FakeAgent.task;
import static java.nio.charset.StandardCharsets.UTF_8;

import dev.echomesh.agent.control.ControlConfig;
import dev.echomesh.agent.control.ControlServer;
import dev.echomesh.agent.liveness.LivenessCounters;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.peers.RttStats;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.testing.FakeAgent;
import dev.echomesh.agent.testing.TestPeers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

/**
 * A {@link FakeAgent} behind a real control socket, with two peers: alice (ALIVE, measured) and bob
 * (SUSPECT, MAC mismatch). Alice answers pings in 0.42 ms, bob never. Every peer offers echo, reverse, binary, and fail-STATUS for each non-OK
 * status.
 */
final class AgentFixture implements AutoCloseable {

  final FakeAgent agent = new FakeAgent("self");
  final ControlServer server;

  final Peer alice =
      TestPeers.peer("alice")
          .address("198.18.0.2")
          .address("fe80::2")
          .interfaceName("veth0")
          .mac("02:00:00:00:00:02")
          .linkPort(7946)
          .udpPort(7947)
          .incarnation(3)
          .rtt(new RttStats(450, 420, 900, 10))
          .lossPercent(2.5)
          .lastSeen(CliRun.NOW.minusSeconds(3))
          .build();
  final Peer bob =
      TestPeers.peer("bob")
          .address("198.18.0.3")
          .state(PeerState.SUSPECT)
          .mac("02:00:00:00:00:03")
          .macMismatch(true)
          .lastSeen(Instant.parse("2025-01-01T11:55:00.250Z"))
          .build();

  AgentFixture(Path dataDir) throws IOException {
    agent.putPeer(alice);
    agent.putPeer(bob);
    agent.answerPings(alice.id(), Duration.ofNanos(420_000));
    agent.livenessCounters(new LivenessCounters(1200, 0, 2, 0, 1, 50, 0, 0, 2400, 1253));
    agent.offerLocalTask(task("echo", "returns the payload", r -> TaskResult.ok(r.payload())));
    agent.offerLocalTask(task("reverse", "reverses a UTF-8 string", r -> reverse(r.payload())));
    agent.offerRemoteTask(task("echo", "returns the payload", r -> TaskResult.ok(r.payload())));
    agent.offerRemoteTask(task("reverse", "reverses a UTF-8 string", r -> reverse(r.payload())));
    agent.offerRemoteTask(
        task(
            "binary",
            "returns bytes that are not UTF-8",
            r -> TaskResult.ok(new byte[] {(byte) 0xff, 0, 1})));
    for (TaskStatus status : TaskStatus.values()) {
      if (status != TaskStatus.OK) {
        agent.offerRemoteTask(
            task(
                "fail-" + status,
                "ends " + status,
                r -> TaskResult.error(status, "it went " + status)));
      }
    }
    server = ControlServer.bind(dataDir, ControlConfig.builder().version("9.9.9").build());
    server.start(agent);
  }

  private static TaskResult reverse(byte[] payload) {
    String text = new String(payload, UTF_8);
    return TaskResult.ok(
        new StringBuilder(text).reverse().toString().getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    server.close();
    agent.close();
  }
}
