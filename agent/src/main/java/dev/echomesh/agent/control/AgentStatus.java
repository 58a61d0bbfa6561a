package dev.echomesh.agent.control;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.liveness.LivenessCounters;
import java.time.Duration;
import java.util.Objects;

/**
 * What a running agent says about itself.
 *
 * @param nodeId this node's ID
 * @param name this node's name
 * @param linkAddress where its link listener is bound, e.g. {@code 0.0.0.0:7946}
 * @param version agent version
 * @param uptime time since it started
 * @param pid its operating-system process ID
 * @param peerCount how many peers it knows, in any state
 * @param udpPort its bound UDP liveness port
 * @param liveness its UDP liveness counters: datagrams accepted, and dropped by reason
 */
public record AgentStatus(
    NodeId nodeId,
    String name,
    String linkAddress,
    String version,
    Duration uptime,
    long pid,
    int peerCount,
    int udpPort,
    LivenessCounters liveness) {

  public AgentStatus {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(linkAddress, "linkAddress");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(uptime, "uptime");
    Objects.requireNonNull(liveness, "liveness");
  }
}
