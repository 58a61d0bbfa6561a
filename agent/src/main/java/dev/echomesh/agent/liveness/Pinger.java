package dev.echomesh.agent.liveness;

import dev.echomesh.agent.logging.LogThrottle;
import dev.echomesh.agent.time.Ticker;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The send path: one ping round to every target, and the goodbye.
 *
 * <p>Each ping of a round has its own sequence number and send time (a node on two subnets may get
 * two pings of one round, and answers both); all are remembered in {@link PendingPings}
 * <em>before</em> they are sent, so a pong that comes back at once finds its ping.
 *
 * <p>Not thread-safe: the service's send thread owns it, and the closing thread uses it after the
 * send thread has stopped.
 */
final class Pinger {

  private static final Logger log = LoggerFactory.getLogger(Pinger.class);

  /** Copies of the Leave sent to each target: UDP may lose one. */
  static final int LEAVE_COPIES = 2;

  private final EnvelopeFactory envelopes;
  private final DatagramCodec codec;
  private final PendingPings pending;
  private final PingStatsTable stats;
  private final Targets targets;
  private final Transport transport;
  private final Counters counters;
  private final Ticker ticker;
  private final LogThrottle sendFailures;
  private long round;

  Pinger(
      EnvelopeFactory envelopes,
      DatagramCodec codec,
      PendingPings pending,
      PingStatsTable stats,
      Targets targets,
      Transport transport,
      Counters counters,
      Ticker ticker,
      long logIntervalNanos) {
    this.envelopes = envelopes;
    this.codec = codec;
    this.pending = pending;
    this.stats = stats;
    this.targets = targets;
    this.transport = transport;
    this.counters = counters;
    this.ticker = ticker;
    this.sendFailures = new LogThrottle(logIntervalNanos);
  }

  /** Sends one ping to each current target; returns how many went out. */
  int pingRound() {
    List<PingTarget> current = targets.refresh();
    round++;
    stats.roundSent(round, ticker.read());
    int sent = 0;
    for (PingTarget target : current) {
      long echoNanos = ticker.read();
      Envelope ping = envelopes.ping(echoNanos, target.via().map(LocalInterface::mac).orElse(""));
      ByteBuffer datagram = codec.encode(ping);
      pending.sent(ping.seq(), round, echoNanos, ticker.read());
      if (send(datagram, target.address())) {
        sent++;
      }
    }
    return sent;
  }

  /**
   * Sends {@link #LEAVE_COPIES} Leaves to each current target, each with its own sequence number.
   */
  void leave(String reason) {
    List<PingTarget> current = targets.refresh();
    for (int copy = 0; copy < LEAVE_COPIES; copy++) {
      for (PingTarget target : current) {
        send(codec.encode(envelopes.leave(reason)), target.address());
      }
    }
  }

  private boolean send(ByteBuffer datagram, InetSocketAddress target) {
    try {
      transport.send(datagram, target);
      return true;
    } catch (IOException e) {
      counters.sendFailed();
      long count = sendFailures.note(ticker.read());
      if (count > 0) {
        log.warn(
            "could not send {} liveness datagram(s) (latest to {}): {}; is the interface up and the"
                + " address right?",
            count,
            target,
            e.toString());
      }
      return false;
    }
  }
}
