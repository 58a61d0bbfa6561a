package dev.echomesh.agent;

import dev.echomesh.agent.discovery.NeighbourTable;
import dev.echomesh.agent.liveness.LivenessListener;
import dev.echomesh.agent.peers.internal.PeerTable;
import dev.echomesh.agent.peers.internal.Sighting;
import java.net.InetAddress;
import java.util.function.Supplier;

/**
 * Feeds what UDP liveness hears into the peer table: a fresh ping or pong is a LIVENESS sighting
 * (address, interface, announced MAC checked against the neighbour table, link and UDP ports,
 * incarnation; a ping's load and tags go to {@link PeerReports}), a pong's round trip updates the peer's statistics, a Leave marks it LEFT.
 *
 * <p>Runs on the liveness receive thread, which also answers pings: every call is a map update and
 * a lookup in a cached neighbour table, never I/O. A sighting is stamped with the datagram's
 * arrival on the agent's ticker ({@link HeardFrom#atNanos()}), the ticker the failure detector's
 * tick reads, so that silence is measured on one monotonic clock.
 */
final class LivenessBridge implements LivenessListener {

  private final PeerTable peers;
  private final Supplier<NeighbourTable> neighbours;
  private final PeerReports reports;
  private final ActivityListener activity;

  LivenessBridge(PeerTable peers, Supplier<NeighbourTable> neighbours) {
    this(peers, neighbours, new PeerReports(), new ActivityListener() {});
  }

  /**
   * As the other constructor, also keeping the load and tags peers report in their pings, and
   * telling {@code activity} of every round trip.
   */
  LivenessBridge(PeerTable peers, Supplier<NeighbourTable> neighbours, PeerReports reports,
      ActivityListener activity) {
    this.peers = peers;
    this.neighbours = neighbours;
    this.reports = reports;
    this.activity = activity;
  }

  @Override
  public void heardFrom(HeardFrom event) {
    InetAddress address = event.source().getAddress();
    String neighbourMac = neighbours.get().macOf(address).orElse("");
    peers.record(new Sighting(event.id(), Sighting.Source.LIVENESS, event.atNanos(), event.name(),
        event.incarnation(), address, event.localInterface(), event.mac(), neighbourMac,
        event.linkPort(), event.source().getPort()));
    if (event.kind() == LivenessListener.Kind.PING) {
      reports.record(event.id(), event.incarnation(), event.report());
    }
  }

  @Override
  public void roundTrip(RoundTrip event) {
    peers.recordRoundTrips(event.id(), event.stats().rtt(), event.stats().lossPercent());
    activity.roundTrip(event.id(), event.rttNanos());
  }

  @Override
  public void left(Left event) {
    peers.markLeft(event.id(), event.incarnation());
  }
}
