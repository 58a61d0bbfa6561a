package dev.echomesh.agent.peers;

import dev.echomesh.agent.identity.NodeId;
import java.net.InetAddress;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * An immutable snapshot of one peer as this node knows it.
 *
 * @param id node ID (stable across restarts and address changes)
 * @param name node name as the peer announced it
 * @param state liveness state
 * @param incarnation the peer's incarnation; grows each time it restarts
 * @param addresses IPv4 and IPv6 addresses it was seen or announced at, most recent first
 * @param interfaceName local interface it was last heard on; empty when unknown
 * @param mac MAC address as the peer announced it ("aa:bb:cc:dd:ee:ff"); empty when unknown
 * @param macMismatch true when the neighbour table disagrees with the announced MAC
 * @param linkPort TCP port of its link listener; 0 when unknown
 * @param udpPort UDP port of its liveness socket; 0 when unknown
 * @param rtt round-trip statistics of pings; {@link RttStats#NONE} when never measured
 * @param lossPercent share of recent pings unanswered, 0 to 100
 * @param lastSeen when it was last heard from, on this node's wall clock: for display only (the
 *     failure detector measures silence on the agent's monotonic ticker, so a step of the wall clock
 *     moves this timestamp but changes no state)
 */
public record Peer(
    NodeId id,
    String name,
    PeerState state,
    long incarnation,
    List<InetAddress> addresses,
    String interfaceName,
    String mac,
    boolean macMismatch,
    int linkPort,
    int udpPort,
    RttStats rtt,
    double lossPercent,
    Instant lastSeen) {

  public Peer {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(lastSeen, "lastSeen");
    name = name == null ? "" : name;
    addresses = List.copyOf(addresses);
    interfaceName = interfaceName == null ? "" : interfaceName;
    mac = mac == null ? "" : mac;
    rtt = rtt == null ? RttStats.NONE : rtt;
  }
}
