package dev.echomesh.agent.control;

import dev.echomesh.agent.Agent;
import dev.echomesh.agent.liveness.LivenessCounters;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerState;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.instrumentation.jvm.JvmMemoryMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The agent's metrics for {@code GET /metrics} (docs/metrics.md lists them). Most are read at
 * scrape time from what the agent keeps anyway (peer table, liveness and link counters); round
 * trips, calls and file transfers are counted as they end ({@link ActivityMetrics}, {@link
 * CallMetrics}). Label sets are bounded: enums (peer states, drop reasons, refusal kinds,
 * statuses) and {@link CallMetrics}' tasks.
 */
final class AgentMetrics {

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final CallMetrics calls;

  AgentMetrics(Agent agent) {
    GaugeWithCallback.builder()
        .name("echomesh_peers")
        .help("Peers in the peer table, by state (ALIVE, SUSPECT, DEAD, LEFT).")
        .labelNames("state")
        .callback(
            callback ->
                countByState(agent.peers())
                    .forEach((state, count) -> callback.call(count, state.name())))
        .register(registry);
    GaugeWithCallback.builder()
        .name("echomesh_alive_peers_rtt_mean_seconds")
        .help("Mean UDP ping round trip over the ALIVE peers that were measured (0 when none).")
        .callback(callback -> callback.call(meanAliveRttSeconds(agent.peers())))
        .register(registry);
    CounterWithCallback.builder()
        .name("echomesh_liveness_datagrams_sent_total")
        .help("UDP liveness datagrams (pings, pongs, leaves) handed to the socket.")
        .callback(callback -> callback.call(agent.livenessCounters().sent()))
        .register(registry);
    CounterWithCallback.builder()
        .name("echomesh_liveness_datagrams_received_total")
        .help("UDP liveness datagrams read from the socket, accepted or dropped.")
        .callback(callback -> callback.call(agent.livenessCounters().received()))
        .register(registry);
    CounterWithCallback.builder()
        .name("echomesh_liveness_datagrams_accepted_total")
        .help("UDP liveness datagrams accepted (MAC verified, fresh).")
        .callback(callback -> callback.call(agent.livenessCounters().accepted()))
        .register(registry);
    CounterWithCallback.builder()
        .name("echomesh_liveness_datagrams_dropped_total")
        .help("UDP liveness datagrams dropped, by reason.")
        .labelNames("reason")
        .callback(
            callback -> {
              LivenessCounters counters = agent.livenessCounters();
              callback.call(counters.malformed(), "malformed");
              callback.call(counters.badMac(), "bad_mac");
              callback.call(counters.stale(), "stale");
              callback.call(counters.replayed(), "replayed");
              callback.call(counters.ownEcho(), "own_echo");
            })
        .register(registry);
    CounterWithCallback.builder()
        .name("echomesh_liveness_send_failures_total")
        .help("UDP liveness datagrams the socket failed to send.")
        .callback(callback -> callback.call(agent.livenessCounters().sendFailures()))
        .register(registry);
    CounterWithCallback.builder()
        .name("echomesh_liveness_listener_failures_total")
        .help("Peer listeners that threw while told of a liveness change.")
        .callback(callback -> callback.call(agent.livenessCounters().listenerFailures()))
        .register(registry);
    LinkMetrics.register(registry, agent::linkStats);
    JvmMemoryMetrics.builder().register(registry);
    this.calls =
        new CallMetrics(
            registry,
            task -> agent.tasks().stream().anyMatch(info -> info.name().equals(task)));
    agent.addActivityListener(new ActivityMetrics(registry, calls));
  }

  /** What the scrape reads. */
  PrometheusRegistry registry() {
    return registry;
  }

  /** Where calls through the API are counted. */
  CallMetrics calls() {
    return calls;
  }

  static Map<PeerState, Integer> countByState(List<Peer> peers) {
    Map<PeerState, Integer> counts = new EnumMap<>(PeerState.class);
    for (PeerState state : PeerState.values()) {
      counts.put(state, 0);
    }
    peers.forEach(peer -> counts.merge(peer.state(), 1, Integer::sum));
    return counts;
  }

  static double meanAliveRttSeconds(List<Peer> peers) {
    return peers.stream()
        .filter(peer -> peer.state() == PeerState.ALIVE && peer.rtt().samples() > 0)
        .mapToLong(peer -> peer.rtt().meanMicros())
        .average()
        .orElse(0)
        / 1e6;
  }
}
