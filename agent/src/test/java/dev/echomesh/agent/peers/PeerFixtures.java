package dev.echomesh.agent.peers;

import dev.echomesh.agent.identity.NodeId;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.util.Arrays;

/** Node IDs, addresses and sightings for the peer table tests. */
final class PeerFixtures {

  static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private PeerFixtures() {}

  static NodeId id(int fill) {
    byte[] bytes = new byte[NodeId.LENGTH_BYTES];
    Arrays.fill(bytes, (byte) fill);
    return NodeId.fromBytes(bytes);
  }

  static InetAddress ip(String text) {
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(e);
    }
  }

  static Sighting ping(NodeId id, long incarnation, Instant at, String address) {
    return new Sighting(id, Sighting.Source.LIVENESS, at, "node", incarnation, ip(address),
        "eth0", "02:00:00:00:00:01", "", 47200, 47200);
  }

  static Sighting mdns(NodeId id, Instant at, String address) {
    return new Sighting(id, Sighting.Source.MDNS, at, "node", 0, ip(address), "eth0",
        "02:00:00:00:00:01", "", 47200, 47200);
  }
}
