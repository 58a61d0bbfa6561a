package dev.echomesh.tools.doctor;

import dev.echomesh.agent.control.AgentStatus;
import dev.echomesh.agent.discovery.DiscoveryReport;
import dev.echomesh.agent.liveness.LivenessCounters;
import dev.echomesh.agent.peers.Peer;
import java.util.List;
import java.util.Objects;

/**
 * What the running agent says, through the local API: its status, its peers and what its mDNS
 * discovery hears.
 *
 * @param status {@code GET /v1/status}
 * @param peers {@code GET /v1/peers}
 * @param recent its liveness counters' growth over a short window ({@link
 *     SystemFacts#COUNTER_WINDOW}): what happens now, where the status holds everything since start
 * @param discovery {@code GET /v1/diagnostics}
 */
record AgentView(AgentStatus status, List<Peer> peers, LivenessCounters recent, DiscoveryReport discovery) {

  AgentView {
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(recent, "recent");
    Objects.requireNonNull(discovery, "discovery");
    peers = List.copyOf(peers);
  }

  /** A view of an agent whose mDNS discovery is off. */
  AgentView(AgentStatus status, List<Peer> peers, LivenessCounters recent) {
    this(status, peers, recent, DiscoveryReport.OFF);
  }

  /** How much each counter grew from {@code before} to {@code after}. */
  static LivenessCounters growth(LivenessCounters before, LivenessCounters after) {
    return new LivenessCounters(after.accepted() - before.accepted(),
        after.malformed() - before.malformed(), after.badMac() - before.badMac(),
        after.stale() - before.stale(), after.replayed() - before.replayed(),
        after.ownEcho() - before.ownEcho(), after.sendFailures() - before.sendFailures(),
        after.listenerFailures() - before.listenerFailures(), after.sent() - before.sent(),
        after.received() - before.received());
  }
}
