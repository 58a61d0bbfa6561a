package dev.echomesh.tools.bench;

import java.util.Objects;

/**
 * UDP round trips: the agent's liveness Ping -> Pong beside a plain Java ping-pong.
 *
 * @param javaUdp plain {@code DatagramSocket} ping-pong on loopback, paced like the agent's
 *     pings (the baseline of the ratio)
 * @param javaUdpPayloadBytes datagram size of the plain ping-pong
 * @param echomesh the agent's Ping -> Pong round trips as its liveness layer measured them
 * @param echomeshSource how the agent's round trips were obtained
 * @param javaUdpBackToBack the plain ping-pong with no pause between round trips
 */
record UdpResults(
    Measured<LatencyResult> javaUdp, int javaUdpPayloadBytes, Measured<LatencyResult> echomesh,
    String echomeshSource, Measured<LatencyResult> javaUdpBackToBack) {

  UdpResults {
    Objects.requireNonNull(javaUdp, "javaUdp");
    Objects.requireNonNull(echomesh, "echomesh");
    Objects.requireNonNull(echomeshSource, "echomeshSource");
    Objects.requireNonNull(javaUdpBackToBack, "javaUdpBackToBack");
  }
}
