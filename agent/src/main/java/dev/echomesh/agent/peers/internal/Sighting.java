package dev.echomesh.agent.peers.internal;

import dev.echomesh.agent.identity.NodeId;
import java.net.InetAddress;
import java.util.Objects;

/**
 * One piece of evidence about a peer, as a discovery or liveness source reports it. Fields a
 * source does not know are left empty (null, "" or 0) and keep what the table already had.
 *
 * @param nodeId whom it is about
 * @param source where it came from; decides whether it proves the peer is alive
 * @param atNanos when it was observed: a reading of the agent's {@link dev.echomesh.agent.time.Ticker}
 *     (the same ticker the failure detector's assessments read)
 * @param name announced node name; "" when unknown
 * @param incarnation the peer's incarnation; 0 when the source does not carry one
 * @param address the address it came from or was announced at; null when unknown
 * @param interfaceName local interface it arrived on; "" when unknown
 * @param announcedMac MAC the peer announced for itself; "" when unknown
 * @param neighbourMac MAC our neighbour table holds for {@code address}; "" when unknown
 * @param linkPort its TCP link port; 0 when unknown
 * @param udpPort its UDP liveness port; 0 when unknown
 */
public record Sighting(
    NodeId nodeId,
    Source source,
    long atNanos,
    String name,
    long incarnation,
    InetAddress address,
    String interfaceName,
    String announcedMac,
    String neighbourMac,
    int linkPort,
    int udpPort) {

  /** Where a sighting comes from. */
  public enum Source {
    /** An authenticated UDP ping or pong: proves the peer alive now. */
    LIVENESS(true),
    /** A TLS link completed its handshake and Hello: proves the peer alive now. */
    LINK(true),
    /**
     * An mDNS announcement. Completes the record (addresses, ports, MAC) and adds an unknown
     * peer, but never brings a DEAD or LEFT peer back: mDNS caches outlive the processes behind
     * them (a record of a killed agent lingers for its whole TTL).
     */
    MDNS(false);

    private final boolean provesAlive;

    Source(boolean provesAlive) {
      this.provesAlive = provesAlive;
    }

    /** Whether a sighting from this source shows the peer alive at its time. */
    public boolean provesAlive() {
      return provesAlive;
    }
  }

  public Sighting {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(source, "source");
    name = name == null ? "" : name;
    interfaceName = interfaceName == null ? "" : interfaceName;
    announcedMac = announcedMac == null ? "" : announcedMac;
    neighbourMac = neighbourMac == null ? "" : neighbourMac;
  }
}
