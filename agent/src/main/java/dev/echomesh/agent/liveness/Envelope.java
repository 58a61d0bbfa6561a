package dev.echomesh.agent.liveness;

import dev.echomesh.agent.identity.NodeId;
import java.util.Objects;

/**
 * The authenticated content of one datagram, as domain values: who sent it, in which incarnation,
 * its sequence number, the sender's wall-clock send time and the message.
 *
 * <p>Only {@link DatagramCodec} converts between this and the wire {@code Beacon}.
 *
 * @param sender the sender's node ID
 * @param incarnation the sender's incarnation, at least 1
 * @param seq sequence number within the incarnation, at least 1, strictly increasing over every
 *     datagram the sender sends
 * @param sentUnixMillis the sender's wall clock when it sent the datagram (Unix milliseconds)
 * @param message what the datagram says
 */
record Envelope(NodeId sender, long incarnation, long seq, long sentUnixMillis, Message message) {

  Envelope {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(message, "message");
  }

  /** The three things a liveness datagram can say. */
  sealed interface Message permits PingMessage, PongMessage, LeaveMessage {}

  /**
   * "I am alive; answer me." Sent every ping interval to each target.
   *
   * @param sendNanos the sender's monotonic clock when it made the ping, echoed in the pong so the
   *     sender can match the pong to its ping
   * @param linkPort TCP port of the sender's link listener
   * @param name the sender's node name
   * @param mac MAC address of the sending interface; empty when unknown
   * @param report the sender's load and tags; {@link NodeReport#NONE} when it reports none
   */
  record PingMessage(long sendNanos, int linkPort, String name, String mac, NodeReport report)
      implements Message {
    PingMessage {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(mac, "mac");
      Objects.requireNonNull(report, "report");
    }

    /** A ping without a report. */
    PingMessage(long sendNanos, int linkPort, String name, String mac) {
      this(sendNanos, linkPort, name, mac, NodeReport.NONE);
    }
  }

  /**
   * The answer to a ping, sent unicast to the pinger's address.
   *
   * @param pingNodeId the pinger's node ID, echoed
   * @param pingSeq the ping's sequence number, echoed
   * @param pingSendNanos the ping's send time, echoed
   * @param linkPort TCP port of the responder's link listener
   * @param name the responder's node name
   * @param mac MAC address of the responder's interface facing the pinger; empty when unknown
   */
  record PongMessage(
      NodeId pingNodeId, long pingSeq, long pingSendNanos, int linkPort, String name, String mac)
      implements Message {
    PongMessage {
      Objects.requireNonNull(pingNodeId, "pingNodeId");
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(mac, "mac");
    }
  }

  /**
   * "I am stopping cleanly." The last datagrams of an incarnation.
   *
   * @param reason human-readable reason, e.g. "shutdown"
   */
  record LeaveMessage(String reason) implements Message {
    LeaveMessage {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
