package dev.echomesh.agent.liveness;

import dev.echomesh.agent.liveness.Envelope.LeaveMessage;
import dev.echomesh.agent.liveness.Envelope.PingMessage;
import dev.echomesh.agent.liveness.Envelope.PongMessage;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Makes this node's outgoing envelopes, each with the next sequence number (1, 2, 3, ... over every
 * datagram of this incarnation, whichever thread sends it) and the wall-clock send time.
 * Thread-safe.
 */
final class EnvelopeFactory {

  private final LocalNode self;
  private final Clock wallClock;
  private final AtomicLong lastSeq = new AtomicLong();

  EnvelopeFactory(LocalNode self, Clock wallClock) {
    this.self = self;
    this.wallClock = wallClock;
  }

  LocalNode self() {
    return self;
  }

  /** A ping sent at {@code sendNanos} by the interface with MAC {@code mac}. */
  Envelope ping(long sendNanos, String mac) {
    return envelope(new PingMessage(sendNanos, self.linkPort(), self.name(), mac, self.report().get()));
  }

  /** The pong answering {@code ping}, from our interface with MAC {@code mac}. */
  Envelope pong(Envelope ping, PingMessage message, String mac) {
    return envelope(
        new PongMessage(
            ping.sender(), ping.seq(), message.sendNanos(), self.linkPort(), self.name(), mac));
  }

  /** A goodbye giving {@code reason}. */
  Envelope leave(String reason) {
    return envelope(new LeaveMessage(reason));
  }

  private Envelope envelope(Envelope.Message message) {
    return new Envelope(
        self.id(), self.incarnation(), lastSeq.incrementAndGet(), wallClock.millis(), message);
  }
}
