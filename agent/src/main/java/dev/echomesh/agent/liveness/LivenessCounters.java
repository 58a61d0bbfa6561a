package dev.echomesh.agent.liveness;

/**
 * What the liveness service has received and sent since it started: a snapshot of monotonically
 * growing counters, for metrics and for operators chasing a problem.
 *
 * @param accepted authentic, fresh datagrams acted on (pings, pongs, leaves; reordered included)
 * @param malformed not a datagram, oversized, or an authenticated body breaking the protocol
 * @param badMac failed authentication: another mesh on the LAN, a wrong mesh key, or a forgery
 * @param stale authentic but from an older incarnation or outside the clock-skew bound
 * @param replayed authentic but already seen or too far behind the sender's sequence
 * @param ownEcho our own broadcasts coming back to us; normal, not an error
 * @param sendFailures pings, pongs or leaves the socket refused to send
 * @param listenerFailures exceptions thrown by the {@link LivenessListener}
 * @param sent datagrams (pings, pongs, leaves) handed to the socket without error
 * @param received datagrams read from the socket, whatever became of them (accepted or dropped)
 */
public record LivenessCounters(
    long accepted,
    long malformed,
    long badMac,
    long stale,
    long replayed,
    long ownEcho,
    long sendFailures,
    long listenerFailures,
    long sent,
    long received) {

  /** Datagrams dropped as malformed, unauthenticated, stale or replayed (own echoes excluded). */
  public long dropped() {
    return malformed + badMac + stale + replayed;
  }
}
