package dev.echomesh.agent.liveness;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.logging.LogThrottle;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.EnumMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the receive path tells the operator (dropped datagrams, a duplicate identity, failing pongs,
 * a failing listener) without flooding the log: each kind of line goes through a {@link
 * LogThrottle}. The counters in {@link LivenessCounters} stay exact. Used by the receive thread
 * only.
 */
final class ReceiveLog {

  private static final Logger log = LoggerFactory.getLogger(ReceiveLog.class);

  private final Map<DropReason, LogThrottle> drops = new EnumMap<>(DropReason.class);
  private final LogThrottle duplicateIdentity;
  private final LogThrottle listenerFailure;
  private final LogThrottle sendFailure;

  /**
   * @param intervalNanos least time between two lines of one kind
   */
  ReceiveLog(long intervalNanos) {
    for (DropReason reason : DropReason.values()) {
      drops.put(reason, new LogThrottle(intervalNanos));
    }
    duplicateIdentity = new LogThrottle(intervalNanos);
    listenerFailure = new LogThrottle(intervalNanos);
    sendFailure = new LogThrottle(intervalNanos);
  }

  /** Notes a dropped datagram; own echoes are normal and never logged. */
  void dropped(DropReason reason, InetSocketAddress source, long nowNanos) {
    if (reason == DropReason.OWN_ECHO) {
      return;
    }
    long count = drops.get(reason).note(nowNanos);
    if (count > 0) {
      log.warn(
          "dropped {} liveness datagram(s) {} (latest from {}): {}",
          count,
          describe(reason),
          source,
          advice(reason));
    }
  }

  /**
   * Notes a datagram carrying our node ID from another incarnation: a second agent with our keys.
   */
  void duplicateIdentity(
      NodeId self, long theirIncarnation, InetSocketAddress source, long nowNanos) {
    long count = duplicateIdentity.note(nowNanos);
    if (count > 0) {
      log.warn(
          "{} datagram(s) from {} carry this node's ID {} with another incarnation ({}): another"
              + " agent runs with this node's keys; give each agent its own data directory",
          count,
          source,
          self.shortForm(),
          theirIncarnation);
    }
  }

  /** Notes a pong that could not be sent. */
  void pongFailed(IOException failure, InetSocketAddress target, long nowNanos) {
    long count = sendFailure.note(nowNanos);
    if (count > 0) {
      log.warn(
          "could not send {} pong(s) (latest to {}): {}; is the interface up?",
          count,
          target,
          failure.toString());
    }
  }

  /** Notes an exception thrown by the listener. */
  void listenerFailed(RuntimeException failure, long nowNanos) {
    long count = listenerFailure.note(nowNanos);
    if (count > 0) {
      log.warn(
          "the liveness listener threw {} time(s); the peer table may miss updates. Latest:",
          count,
          failure);
    }
  }

  private static String describe(DropReason reason) {
    return switch (reason) {
      case MALFORMED -> "that are not valid echomesh datagrams";
      case BAD_MAC -> "that failed authentication";
      case STALE -> "that were stale";
      case REPLAYED -> "that were replays";
      case OWN_ECHO -> "that were our own";
    };
  }

  private static String advice(DropReason reason) {
    return switch (reason) {
      case MALFORMED -> "another program uses this UDP port, or an incompatible echomesh version";
      case BAD_MAC ->
          "another mesh on this LAN (different mesh key) or forged datagrams; nothing was accepted";
      case STALE ->
          "the sender's clock is off from ours by more than maxClockSkew (check NTP), or it"
              + " restarted with a smaller incarnation, or someone replays old datagrams";
      case REPLAYED ->
          "someone on the LAN resends captured datagrams, or the network duplicates packets;"
              + " nothing was accepted twice";
      case OWN_ECHO -> "";
    };
  }
}
