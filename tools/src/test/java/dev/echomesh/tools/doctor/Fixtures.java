package dev.echomesh.tools.doctor;

import dev.echomesh.agent.control.AgentStatus;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.liveness.LivenessCounters;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.peers.RttStats;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Recorded agent views for the doctor's tests. */
final class Fixtures {

  private Fixtures() {}

  static NodeId nodeId(int seed) {
    byte[] bytes = new byte[NodeId.LENGTH_BYTES];
    Arrays.fill(bytes, (byte) seed);
    return NodeId.fromBytes(bytes);
  }

  static AgentStatus status(long badMac, long stale) {
    return new AgentStatus(nodeId(1), "self", "0.0.0.0:47201", "1.0", Duration.ofMinutes(5), 10, 1,
        47200, new LivenessCounters(100, 0, badMac, stale, 0, 50, 0, 0, 300, 150 + badMac + stale));
  }

  /** A view whose counters grew by {@code badMac} and {@code stale} over the window. */
  static AgentView view(long badMac, long stale, List<Peer> peers) {
    AgentStatus status = status(badMac, stale);
    return new AgentView(status, peers, status.liveness());
  }

  static Peer peer(String name, PeerState state, boolean pinged, String address) {
    try {
      return new Peer(nodeId(name.hashCode()), name, state, 1,
          List.of(InetAddress.getByName(address)), "eth0", "", false, 47201, 47200,
          pinged ? new RttStats(900, 1000, 1500, 5) : RttStats.NONE, pinged ? 0 : 100,
          Instant.parse("2026-12-07T19:00:00Z"));
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(address, e);
    }
  }
}
