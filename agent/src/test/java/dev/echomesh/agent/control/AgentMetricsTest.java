package dev.echomesh.agent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.peers.RttStats;
import dev.echomesh.agent.testing.FakeAgent;
import dev.echomesh.agent.testing.TestPeers;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class AgentMetricsTest {

  private final Peer alive =
      TestPeers.peer("alice").address("198.18.0.2").rtt(new RttStats(0, 400, 0, 3)).build();
  private final Peer aliveUnmeasured = TestPeers.peer("bob").address("198.18.0.3").build();
  private final Peer dead =
      TestPeers.peer("carol")
          .address("198.18.0.4")
          .state(PeerState.DEAD)
          .rtt(new RttStats(0, 9000, 0, 3))
          .build();

  @Test
  void countByState_mixedPeers_everyStateCounted() {
    Map<PeerState, Integer> counts = AgentMetrics.countByState(List.of(alive, aliveUnmeasured, dead));
    assertEquals(2, counts.get(PeerState.ALIVE));
    assertEquals(1, counts.get(PeerState.DEAD));
    assertEquals(0, counts.get(PeerState.LEFT));
    assertEquals(0, counts.get(PeerState.SUSPECT));
  }

  @Test
  void meanAliveRttSeconds_onlyMeasuredAlivePeersCount() {
    assertEquals(0.0004, AgentMetrics.meanAliveRttSeconds(List.of(alive, aliveUnmeasured, dead)), 1e-12);
  }

  @Test
  void meanAliveRttSeconds_noneMeasured_zero() {
    assertEquals(0.0, AgentMetrics.meanAliveRttSeconds(List.of(aliveUnmeasured, dead)));
  }

  @Test
  void registry_scrape_documentedNames() {
    FakeAgent agent = new FakeAgent("self");
    Set<String> names =
        new AgentMetrics(agent)
            .registry()
            .scrape()
            .stream()
            .map(snapshot -> snapshot.getMetadata().getPrometheusName())
            .collect(Collectors.toSet());
    agent.close();
    for (String name :
        List.of(
            "echomesh_peers",
            "echomesh_alive_peers_rtt_mean_seconds",
            "echomesh_liveness_datagrams_accepted",
            "echomesh_liveness_datagrams_dropped",
            "echomesh_liveness_send_failures",
            "echomesh_liveness_listener_failures",
            "echomesh_calls",
            "echomesh_call_duration_seconds",
            "jvm_memory_used_bytes",
            "jvm_memory_committed_bytes",
            "jvm_memory_max_bytes",
            "jvm_memory_init_bytes",
            "jvm_memory_pool_used_bytes")) {
      assertTrue(names.contains(name), name + " missing from " + names);
    }
  }
}
