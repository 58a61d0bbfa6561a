package dev.echomesh.agent.liveness;

import dev.echomesh.agent.identity.NodeId;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * Told what the liveness service hears. Implemented by the peer table.
 *
 * <p>Every call comes from the service's single receive thread, one at a time, in the order the
 * datagrams arrived. Calls must return quickly and never block: the same thread answers pings, so a
 * slow listener delays every pong and inflates every peer's round-trip times. An exception thrown
 * by the listener is logged and counted ({@link LivenessCounters#listenerFailures()}), and the
 * service carries on.
 */
public interface LivenessListener {

  /**
   * A fresh, authenticated ping or pong arrived from {@code event.id()}: it is alive now. Enough to
   * add an unknown member at once. Called only for datagrams newer than any seen before from that
   * node, so it always means the node sent something after everything reported before (a delayed or
   * reordered datagram is answered but not reported).
   */
  void heardFrom(HeardFrom event);

  /** A pong answered one of our pings: one round-trip sample, and the peer's statistics with it. */
  void roundTrip(RoundTrip event);

  /**
   * {@code event.id()} stopped cleanly (an authenticated Leave). The Leave is sent more than once
   * for UDP loss, so this may be reported more than once for one incarnation.
   */
  void left(Left event);

  /** Which kind of datagram a {@link HeardFrom} came from. */
  enum Kind {
    /** A ping: the node's periodic broadcast or unicast. */
    PING,
    /** A pong: the node's answer to one of our pings. */
    PONG
  }

  /**
   * @param id the sender's node ID
   * @param incarnation the sender's incarnation
   * @param name the sender's node name
   * @param source the address and UDP port the datagram came from
   * @param linkPort TCP port of the sender's link listener; 0 when it has none
   * @param mac MAC address of the sender's interface as it announced it; empty when unknown
   * @param localInterface name of our interface whose subnet the source is on; empty when unknown
   * @param kind ping or pong
   * @param atNanos when it arrived, on the service's ticker: the time to give the {@link
   *     FailureDetector} as "last heard"
   * @param report the sender's load and tags, from a ping; {@link NodeReport#NONE} otherwise
   */
  record HeardFrom(
      NodeId id,
      long incarnation,
      String name,
      InetSocketAddress source,
      int linkPort,
      String mac,
      String localInterface,
      Kind kind,
      long atNanos,
      NodeReport report) {

    /** A datagram without a report (a pong, or a ping of an older agent). */
    public HeardFrom(NodeId id, long incarnation, String name, InetSocketAddress source, int linkPort, String mac,
        String localInterface, Kind kind, long atNanos) {
      this(id, incarnation, name, source, linkPort, mac, localInterface, kind, atNanos, NodeReport.NONE);
    }

    public HeardFrom {
      Objects.requireNonNull(report, "report");
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(source, "source");
      Objects.requireNonNull(mac, "mac");
      Objects.requireNonNull(localInterface, "localInterface");
      Objects.requireNonNull(kind, "kind");
    }
  }

  /**
   * @param id the peer that answered
   * @param rttNanos this round trip: from our ping's send to its pong's arrival, in nanoseconds
   * @param stats the peer's statistics including this sample
   */
  record RoundTrip(NodeId id, long rttNanos, PingStats stats) {

    public RoundTrip {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(stats, "stats");
    }
  }

  /**
   * @param id the node that left
   * @param incarnation the incarnation that ended
   * @param reason what it said, e.g. "shutdown"
   * @param source the address the Leave came from
   */
  record Left(NodeId id, long incarnation, String reason, InetSocketAddress source) {

    public Left {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(source, "source");
    }
  }
}
