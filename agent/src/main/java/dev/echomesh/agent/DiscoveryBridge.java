package dev.echomesh.agent;

import dev.echomesh.agent.discovery.Announcement;
import dev.echomesh.agent.discovery.DiscoveryListener;
import dev.echomesh.agent.discovery.NeighbourTable;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.peers.PeerState;
import dev.echomesh.agent.peers.internal.PeerTable;
import dev.echomesh.agent.peers.internal.Sighting;
import dev.echomesh.agent.time.Ticker;
import java.net.InetAddress;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds mDNS into the peer table. An announcement is an MDNS sighting per announced address: it
 * adds an unknown member (so a call by name works before its first ping arrives) and completes
 * the record (ports, MAC), but never revives a DEAD or LEFT peer, because mDNS caches outlive the
 * processes behind them.
 *
 * <p>A goodbye is only a hint (jmdns reports it 1 to 11 s late, and also when records expire or a
 * node re-announces after an address change): it marks a peer LEFT only when liveness no longer
 * hears it (SUSPECT or DEAD). A peer that liveness still hears stays as it is; one that stopped
 * cleanly was marked LEFT by its Leave datagram long before.
 */
final class DiscoveryBridge implements DiscoveryListener {

  private static final Logger log = LoggerFactory.getLogger(DiscoveryBridge.class);

  private final PeerTable peers;
  private final Ticker ticker;
  private final Supplier<NeighbourTable> neighbours;

  /** @param ticker the agent's ticker, that sightings are stamped with */
  DiscoveryBridge(PeerTable peers, Ticker ticker, Supplier<NeighbourTable> neighbours) {
    this.peers = peers;
    this.ticker = ticker;
    this.neighbours = neighbours;
  }

  @Override
  public void announced(Announcement announcement) {
    List<InetAddress> addresses = announcement.addresses();
    long now = ticker.read();
    // The table keeps addresses most recent first, and the first is dialed: record the preferred
    // (first announced, IPv4) address last.
    for (int i = addresses.size() - 1; i >= 0; i--) {
      InetAddress address = addresses.get(i);
      peers.record(new Sighting(announcement.nodeId(), Sighting.Source.MDNS, now,
          announcement.name(), 0, address, announcement.interfaceName(), announcement.mac(),
          neighbours.get().macOf(address).orElse(""), announcement.linkPort(), announcement.udpPort()));
    }
    if (addresses.isEmpty()) {
      log.debug("mDNS announcement of {} without an address; ignored", announcement.nodeId().shortForm());
    }
  }

  @Override
  public void goodbye(NodeId nodeId) {
    peers.get(nodeId)
        .filter(peer -> peer.state() == PeerState.SUSPECT || peer.state() == PeerState.DEAD)
        .ifPresent(peer -> peers.markLeft(nodeId, peer.incarnation()));
  }
}
