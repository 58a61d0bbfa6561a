package dev.echomesh.agent.liveness;

import dev.echomesh.agent.identity.NodeId;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decides whether an authenticated datagram is fresh: neither stale nor a replay.
 *
 * <p>Two rules, applied in this order:
 *
 * <ol>
 *   <li><b>Wall clock.</b> A datagram whose {@code sentUnixMillis} is more than {@code
 *       maxClockSkew} before or after our wall clock is {@link Freshness#STALE}. Clocks on a LAN
 *       disagree (a Raspberry Pi without RTC boots at its last shutdown time; a dual-boot PC keeps
 *       its RTC in local time, up to 14 hours off), so the bound is generous and 0 turns it off.
 *       This rule is not the main replay defence; it only limits what can be replayed to a receiver
 *       that has restarted and therefore lost the sequence state below.
 *   <li><b>Sequence.</b> Per sender, a {@link SequenceWindow}: an older incarnation than the newest
 *       seen is {@link Freshness#STALE}; within the newest incarnation a sequence number is
 *       accepted once, either above the high-water mark ({@link Freshness#NEW}) or up to {@code
 *       replayWindow - 1} below it if not seen yet ({@link Freshness#REORDERED}); all else is
 *       {@link Freshness#REPLAYED}. This does not depend on any clock.
 * </ol>
 *
 * <p>A stale or replayed datagram changes no state. State is kept for at most {@code maxSenders}
 * senders (only authenticated mesh members create state); past that the sender heard from least
 * recently is forgotten. Forgetting is safe up to the clock rule: a forgotten sender's old
 * datagrams could be accepted once more only while they are within {@code maxClockSkew}.
 *
 * <p>Not thread-safe: owned by the receive thread.
 */
final class ReplayGuard {

  private final int windowSize;
  private final long maxClockSkewMillis;
  private final Map<NodeId, SequenceWindow> senders;

  /**
   * @param windowSize reorder window in sequence numbers, at least 1
   * @param maxClockSkewMillis staleness bound in milliseconds; 0 disables the clock rule
   * @param maxSenders how many senders to keep state for, at least 1
   */
  ReplayGuard(int windowSize, long maxClockSkewMillis, int maxSenders) {
    if (windowSize < 1 || maxClockSkewMillis < 0 || maxSenders < 1) {
      throw new IllegalArgumentException(
          "bad replay guard settings: window "
              + windowSize
              + ", skew "
              + maxClockSkewMillis
              + " ms, senders "
              + maxSenders);
    }
    this.windowSize = windowSize;
    this.maxClockSkewMillis = maxClockSkewMillis;
    this.senders =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<NodeId, SequenceWindow> eldest) {
            return size() > maxSenders;
          }
        };
  }

  /** Judges {@code envelope} received at {@code nowUnixMillis}; records it when accepted. */
  Freshness check(Envelope envelope, long nowUnixMillis) {
    if (maxClockSkewMillis > 0 && isOutsideSkew(envelope.sentUnixMillis(), nowUnixMillis)) {
      return Freshness.STALE;
    }
    SequenceWindow window = senders.get(envelope.sender());
    if (window == null) {
      senders.put(
          envelope.sender(),
          new SequenceWindow(windowSize, envelope.incarnation(), envelope.seq()));
      return Freshness.NEW;
    }
    return window.offer(envelope.incarnation(), envelope.seq());
  }

  /** How many senders state is kept for. */
  int trackedSenders() {
    return senders.size();
  }

  private boolean isOutsideSkew(long sentUnixMillis, long nowUnixMillis) {
    // now +/- skew cannot overflow: now is a real time and the skew is bounded by the config.
    return sentUnixMillis < nowUnixMillis - maxClockSkewMillis
        || sentUnixMillis > nowUnixMillis + maxClockSkewMillis;
  }
}
