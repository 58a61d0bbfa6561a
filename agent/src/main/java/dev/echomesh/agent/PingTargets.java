package dev.echomesh.agent;

import dev.echomesh.agent.liveness.LocalInterface;
import dev.echomesh.agent.liveness.PingTarget;
import dev.echomesh.agent.liveness.PingTargetSource;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.peers.internal.PeerTable;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * Where each ping round goes: the subnet broadcast address of every selected interface (when
 * broadcasting is on), plus a unicast ping to every known peer that no broadcast reaches -- static
 * peers on other subnets, peers on loopback, peers listening on another port -- at the UDP port it stated in its Hello, ping or
 * announcement. LEFT peers are not pinged: they said they stopped.
 *
 * <p>Runs on the liveness send thread once per round, from cached state only (the interface
 * watch's last listing and a peer table snapshot).
 */
final class PingTargets implements PingTargetSource {

  /** The widest IPv4 prefix that has a broadcast address (RFC 3021: /31 and /32 have none). */
  static final int MAX_BROADCAST_PREFIX = 30;

  private final Supplier<List<LocalInterface>> subnets;
  private final PeerTable peers;
  private final int broadcastPort;

  /**
   * @param subnets the selected subnets; an empty supplier when broadcasting is off
   * @param broadcastPort the mesh's UDP port that broadcasts go to; 0 = no broadcasts
   */
  PingTargets(Supplier<List<LocalInterface>> subnets, PeerTable peers, int broadcastPort) {
    this.subnets = subnets;
    this.peers = peers;
    this.broadcastPort = broadcastPort;
  }

  @Override
  public List<PingTarget> pingTargets() {
    List<PingTarget> targets = new ArrayList<>();
    List<LocalInterface> broadcastOn = new ArrayList<>();
    if (broadcastPort != 0) {
      for (LocalInterface subnet : subnets.get()) {
        if (subnet.prefixLength() <= MAX_BROADCAST_PREFIX) {
          targets.add(PingTarget.subnetBroadcast(subnet, broadcastPort));
          broadcastOn.add(subnet);
        }
      }
    }
    for (Peer peer : peers.snapshot()) {
      if (peer.state() == PeerState.LEFT || peer.udpPort() == 0 || peer.addresses().isEmpty()) {
        continue;
      }
      InetAddress address = peer.addresses().get(0);
      boolean reachedByBroadcast = peer.udpPort() == broadcastPort
          && broadcastOn.stream().anyMatch(subnet -> subnet.contains(address));
      if (!reachedByBroadcast) {
        targets.add(PingTarget.unicast(new InetSocketAddress(address, peer.udpPort())));
      }
    }
    return targets;
  }
}
