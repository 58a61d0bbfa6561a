package dev.echomesh.agent.liveness;

import dev.echomesh.agent.liveness.Envelope.LeaveMessage;
import dev.echomesh.agent.liveness.Envelope.PingMessage;
import dev.echomesh.agent.liveness.Envelope.PongMessage;
import dev.echomesh.agent.liveness.LivenessListener.HeardFrom;
import dev.echomesh.agent.liveness.LivenessListener.Kind;
import dev.echomesh.agent.liveness.LivenessListener.Left;
import dev.echomesh.agent.liveness.LivenessListener.RoundTrip;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.Optional;

/**
 * The receive path: judges each datagram, answers pings, matches pongs, and tells the listener.
 *
 * <p>Order of work for one datagram: authenticate and parse ({@link DatagramCodec}); drop our own
 * echo; check freshness ({@link ReplayGuard}); then act. A ping is answered with a pong before
 * anything else happens, so listeners and statistics never delay the pong; a reordered ping is
 * answered too (it is genuine) but not reported. Anything dropped is counted and never reaches the
 * listener; nothing here throws for bad input.
 *
 * <p>Not thread-safe: the service's single receive thread owns it (and its codec and guard).
 */
final class Responder {

  private final EnvelopeFactory envelopes;
  private final DatagramCodec codec;
  private final ReplayGuard guard;
  private final PendingPings pending;
  private final Prober prober;
  private final PingStatsTable stats;
  private final Targets targets;
  private final Transport transport;
  private final LivenessListener listener;
  private final Counters counters;
  private final ReceiveLog log;
  /** Only for the staleness bound ({@link ReplayGuard}); arrival times come from the ticker. */
  private final Clock wallClock;

  Responder(
      EnvelopeFactory envelopes,
      DatagramCodec codec,
      ReplayGuard guard,
      PendingPings pending,
      Prober prober,
      PingStatsTable stats,
      Targets targets,
      Transport transport,
      LivenessListener listener,
      Counters counters,
      ReceiveLog log,
      Clock wallClock) {
    this.envelopes = envelopes;
    this.codec = codec;
    this.guard = guard;
    this.pending = pending;
    this.prober = prober;
    this.stats = stats;
    this.targets = targets;
    this.transport = transport;
    this.listener = listener;
    this.counters = counters;
    this.log = log;
    this.wallClock = wallClock;
  }

  /**
   * Handles the datagram between {@code datagram}'s position and limit, received at {@code
   * receivedNanos}.
   */
  void onDatagram(ByteBuffer datagram, InetSocketAddress source, long receivedNanos) {
    DatagramCodec.Decoded decoded = codec.decode(datagram);
    if (decoded.drop() != null) {
      drop(decoded.drop(), source, receivedNanos);
      return;
    }
    Envelope envelope = decoded.envelope();
    LocalNode self = envelopes.self();
    if (envelope.sender().equals(self.id())) {
      drop(DropReason.OWN_ECHO, source, receivedNanos);
      if (envelope.incarnation() != self.incarnation()) {
        log.duplicateIdentity(self.id(), envelope.incarnation(), source, receivedNanos);
      }
      return;
    }
    long nowMillis = wallClock.millis();
    Freshness freshness = guard.check(envelope, nowMillis);
    if (!freshness.accepted()) {
      drop(
          freshness == Freshness.STALE ? DropReason.STALE : DropReason.REPLAYED,
          source,
          receivedNanos);
      return;
    }
    counters.accepted();
    boolean isNew = freshness == Freshness.NEW;
    Envelope.Message message = envelope.message();
    if (message instanceof PingMessage ping) {
      Optional<LocalInterface> via = targets.interfaceFor(source.getAddress());
      answer(envelope, ping, source, via, receivedNanos);
      if (isNew) {
        heard(
            envelope,
            source,
            via,
            ping.linkPort(),
            ping.name(),
            ping.mac(),
            Kind.PING,
            receivedNanos,
            ping.report());
      }
    } else if (message instanceof PongMessage pong) {
      if (isNew) {
        Optional<LocalInterface> via = targets.interfaceFor(source.getAddress());
        heard(
            envelope,
            source,
            via,
            pong.linkPort(),
            pong.name(),
            pong.mac(),
            Kind.PONG,
            receivedNanos,
            NodeReport.NONE);
      }
      measure(envelope, pong, receivedNanos);
    } else if (message instanceof LeaveMessage leave) {
      stats.forget(envelope.sender());
      Left left =
          new Left(
              envelope.sender(),
              envelope.incarnation(),
              leave.reason(),
              source);
      try {
        listener.left(left);
      } catch (RuntimeException e) {
        listenerFailed(e, receivedNanos);
      }
    }
  }

  private void answer(
      Envelope ping,
      PingMessage message,
      InetSocketAddress source,
      Optional<LocalInterface> via,
      long nowNanos) {
    String mac = via.map(LocalInterface::mac).orElse("");
    try {
      transport.send(codec.encode(envelopes.pong(ping, message, mac)), source);
    } catch (IOException e) {
      counters.sendFailed();
      log.pongFailed(e, source, nowNanos);
    }
  }

  private void heard(
      Envelope envelope,
      InetSocketAddress source,
      Optional<LocalInterface> via,
      int linkPort,
      String name,
      String mac,
      Kind kind,
      long receivedNanos,
      NodeReport report) {
    stats.heard(envelope.sender(), receivedNanos);
    HeardFrom event =
        new HeardFrom(
            envelope.sender(),
            envelope.incarnation(),
            name,
            source,
            linkPort,
            mac,
            via.map(LocalInterface::name).orElse(""),
            kind,
            receivedNanos,
            report);
    try {
      listener.heardFrom(event);
    } catch (RuntimeException e) {
      listenerFailed(e, receivedNanos);
    }
  }

  /**
   * A pong to one of our own remembered pings, from a round or a probe, gives a round-trip sample;
   * any other gives none. Only round pings count for loss.
   */
  private void measure(Envelope envelope, PongMessage pong, long receivedNanos) {
    if (!pong.pingNodeId().equals(envelopes.self().id())) {
      return;
    }
    PendingPings.Match roundPing = pending.match(pong.pingSeq(), pong.pingSendNanos());
    Prober.Probe probe =
        roundPing == null ? prober.take(pong.pingSeq(), pong.pingSendNanos()) : null;
    if (roundPing == null && probe == null) {
      return;
    }
    long round = roundPing != null ? roundPing.round() : 0;
    long rttNanos = receivedNanos - (roundPing != null ? roundPing.sentNanos() : probe.sentNanos());
    RoundTrip roundTrip =
        new RoundTrip(
            envelope.sender(),
            rttNanos,
            stats.answered(envelope.sender(), round, rttNanos, receivedNanos));
    try {
      listener.roundTrip(roundTrip);
    } catch (RuntimeException e) {
      listenerFailed(e, receivedNanos);
    }
    if (probe != null) {
      probe.result().complete(roundTrip);
    }
  }

  private void drop(DropReason reason, InetSocketAddress source, long nowNanos) {
    counters.dropped(reason);
    log.dropped(reason, source, nowNanos);
  }

  private void listenerFailed(RuntimeException e, long nowNanos) {
    counters.listenerFailed();
    log.listenerFailed(e, nowNanos);
  }
}
