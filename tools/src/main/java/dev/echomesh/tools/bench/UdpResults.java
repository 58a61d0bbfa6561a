package dev.echomesh.tools.bench;

import java.util.Objects;

/**
 * UDP round trips: the agent's liveness Ping -> Pong beside a plain Java ping-pong, both one at a
 * time back to back (the ratio's figures) and both paced like the agent's periodic pings.
 *
 * @param javaUdp plain {@code DatagramSocket} ping-pong on loopback, back to back
 * @param echomesh the agent's Ping -> Pong round trips, one probe at a time, back to back, as its
 *     liveness service measured them
 * @param javaUdpPaced the plain ping-pong at one round trip per {@link UdpSuite#PING_INTERVAL}
 * @param echomeshPaced the agent's periodic pings at one round per {@link UdpSuite#PING_INTERVAL}
 * @param javaUdpPayloadBytes datagram size of the plain ping-pong
 * @param echomeshSource how the agent's round trips were obtained
 */
record UdpResults(
    Measured<LatencyResult> javaUdp,
    Measured<LatencyResult> echomesh,
    Measured<LatencyResult> javaUdpPaced,
    Measured<LatencyResult> echomeshPaced,
    int javaUdpPayloadBytes,
    String echomeshSource) {

  UdpResults {
    Objects.requireNonNull(javaUdp, "javaUdp");
    Objects.requireNonNull(echomesh, "echomesh");
    Objects.requireNonNull(javaUdpPaced, "javaUdpPaced");
    Objects.requireNonNull(echomeshPaced, "echomeshPaced");
    Objects.requireNonNull(echomeshSource, "echomeshSource");
  }
}
