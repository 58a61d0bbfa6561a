package dev.echomesh.agent.peers.internal;

import dev.echomesh.agent.identity.NodeId;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

/** Node IDs, addresses, times and sightings for the peer table tests. */
final class PeerFixtures {

  /** A ticker reading to start from (arbitrary: only differences of readings count). */
  static final long T0 = 5_000_000_000L;
  /** What the wall clock said at {@link #T0}, unless a test steps it. */
  static final Instant WALL_T0 = Instant.parse("2026-01-01T00:00:00Z");

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

  /** {@code duration} after {@code nanos} on the ticker. */
  static long plus(long nanos, Duration duration) {
    return nanos + duration.toNanos();
  }

  /** The wall-clock instant of ticker reading {@code nanos}, for an unstepped clock. */
  static Instant wall(long nanos) {
    return WALL_T0.plusNanos(nanos - T0);
  }

  static Sighting ping(NodeId id, long incarnation, long atNanos, String address) {
    return new Sighting(id, Sighting.Source.LIVENESS, atNanos, "node", incarnation, ip(address),
        "eth0", "02:00:00:00:00:01", "", 47200, 47200);
  }

  static Sighting mdns(NodeId id, long atNanos, String address) {
    return new Sighting(id, Sighting.Source.MDNS, atNanos, "node", 0, ip(address), "eth0",
        "02:00:00:00:00:01", "", 47200, 47200);
  }
}
