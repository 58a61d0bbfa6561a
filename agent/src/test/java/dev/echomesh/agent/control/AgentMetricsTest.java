package dev.echomesh.agent.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.task.internal.EchoTask;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.task.transfer.TransferListener;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
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
            "echomesh_liveness_datagrams_sent",
            "echomesh_liveness_datagrams_received",
            "echomesh_liveness_datagrams_accepted",
            "echomesh_liveness_datagrams_dropped",
            "echomesh_liveness_send_failures",
            "echomesh_liveness_listener_failures",
            "echomesh_calls",
            "echomesh_call_duration_seconds",
            "echomesh_ping_rtt_seconds",
            "echomesh_links_opened",
            "echomesh_links_closed",
            "echomesh_link_handshakes",
            "echomesh_link_connections_refused",
            "echomesh_link_frame_errors",
            "echomesh_link_received_bytes",
            "echomesh_link_sent_bytes",
            "echomesh_link_buffered_bytes",
            "echomesh_file_transferred_bytes",
            "jvm_memory_used_bytes",
            "jvm_memory_committed_bytes",
            "jvm_memory_max_bytes",
            "jvm_memory_init_bytes",
            "jvm_memory_pool_used_bytes")) {
      assertTrue(names.contains(name), name + " missing from " + names);
    }
  }

  @Test
  void activity_roundTripCallAndTransfer_movesTheirMetrics() throws Exception {
    FakeAgent agent = new FakeAgent("self");
    agent.offerLocalTask(new EchoTask());
    PrometheusRegistry registry = new AgentMetrics(agent).registry();
    agent.reportActivity(listener -> {
      listener.roundTrip(TestPeers.nodeId("alice"), 400_000);
      listener.callHandled("echo", TaskStatus.OK, 2_000_000);
      listener.callHandled("made-up-by-a-caller", TaskStatus.NOT_FOUND, 1_000);
      listener.fileTransferred(TransferListener.Direction.RECEIVED, TaskStatus.OK, 1234);
    });
    String text = text(registry);
    agent.close();

    assertTrue(text.contains("echomesh_ping_rtt_seconds_bucket{le=\"5.0E-4\"} 1"), text);
    assertTrue(text.contains("echomesh_ping_rtt_seconds_bucket{le=\"2.5E-4\"} 0"), text);
    assertTrue(text.contains(
        "echomesh_calls_total{kind=\"incoming\",status=\"OK\",task=\"echo\"} 1.0"), text);
    assertTrue(text.contains(
        "echomesh_calls_total{kind=\"incoming\",status=\"NOT_FOUND\",task=\"other\"} 1.0"), text);
    assertTrue(text.contains("echomesh_call_duration_seconds_count{kind=\"incoming\",task=\"echo\"} 1"), text);
    assertTrue(text.contains(
        "echomesh_file_transfers_total{direction=\"received\",status=\"OK\"} 1.0"), text);
    assertTrue(text.contains("echomesh_file_transferred_bytes_total{direction=\"received\"} 1234.0"), text);
    assertTrue(text.contains("echomesh_file_transferred_bytes_total{direction=\"sent\"} 0.0"), text);
    assertFalse(text.contains("made-up-by-a-caller"), "a task name a caller chose never becomes a label");
  }

  private static String text(PrometheusRegistry registry) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }
}
