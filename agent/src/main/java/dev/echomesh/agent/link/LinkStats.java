package dev.echomesh.agent.link;

import dev.echomesh.agent.logging.LogThrottle;
import dev.echomesh.agent.time.Ticker;
import io.netty.channel.Channel;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters of what the link layer refused, and the one place that logs those refusals. Refused
 * incoming connections are counted by {@link Refusal kind} and logged at most once a minute per
 * kind with the count since the last line, so that a flood cannot flood the log; the counters stay
 * exact. Failed dials (this node's own, bounded by its callers and backoff) are logged each time,
 * as they name the peer that could not be reached. Also the gauges of bytes buffered for chunked
 * payloads (the agent-wide {@link BufferBudget}). Thread-safe.
 */
public final class LinkStats {

  private static final Logger log = LoggerFactory.getLogger(LinkStats.class);
  /** One line a minute per kind: enough to notice a flood and see it go on, whatever its rate. */
  static final Duration REFUSAL_LOG_INTERVAL = Duration.ofMinutes(1);

  private final Ticker ticker;
  private final Map<FrameError, LongAdder> frameErrors = new EnumMap<>(FrameError.class);
  private final Map<Refusal, LongAdder> refusals = new EnumMap<>(Refusal.class);
  private final Map<Refusal, LogThrottle> refusalLog = new EnumMap<>(Refusal.class);
  private final LongAdder handshakesRefused = new LongAdder();
  private final LongAdder chunksDropped = new LongAdder();
  private final LongAdder refusalLines = new LongAdder();
  private final LongAdder linksOpened = new LongAdder();
  private final LongAdder linksClosed = new LongAdder();
  private final LongAdder bytesReceived = new LongAdder();
  private final LongAdder bytesSent = new LongAdder();
  private final BufferBudget buffers;
  private final AtomicLong unacknowledged = new AtomicLong();
  private final AtomicLong unacknowledgedPeak = new AtomicLong();

  /** Counters on the system ticker, buffering bounded by the default {@link StreamConfig}. */
  public LinkStats() {
    this(Ticker.system());
  }

  /** Counters whose refusal log is throttled on {@code ticker}. */
  public LinkStats(Ticker ticker) {
    this(ticker, StreamConfig.DEFAULT_MAX_BUFFERED_BYTES);
  }

  /**
   * @param ticker what the refusal log is throttled on
   * @param maxBufferedBytes the agent-wide bound of bytes buffered for calls
   */
  LinkStats(Ticker ticker, long maxBufferedBytes) {
    this.ticker = ticker;
    this.buffers = new BufferBudget(maxBufferedBytes, null);
    for (FrameError e : FrameError.values()) {
      frameErrors.put(e, new LongAdder());
    }
    for (Refusal r : Refusal.values()) {
      refusals.put(r, new LongAdder());
      refusalLog.put(r, new LogThrottle(REFUSAL_LOG_INTERVAL.toNanos()));
    }
  }

  /** Connections closed for {@code error} so far. */
  public long frameErrors(FrameError error) {
    return frameErrors.get(error).sum();
  }

  /** Incoming connections refused for {@code kind} so far. */
  public long refusals(Refusal kind) {
    return refusals.get(kind).sum();
  }

  /** Every kind of refusal with its count so far (zeros included), in the enum's order; for status pages. */
  public Map<Refusal, Long> refusals() {
    Map<Refusal, Long> counts = new EnumMap<>(Refusal.class);
    refusals.forEach((kind, count) -> counts.put(kind, count.sum()));
    return Collections.unmodifiableMap(counts);
  }

  /**
   * Connections (accepted or dialed) refused during the TLS handshake or the Hello exchange so far;
   * refusals at accept time (pending bounds) and abandoned connections are not among them.
   */
  public long handshakesRefused() {
    return handshakesRefused.sum();
  }

  /** Accepted connections closed by the other side before any TLS handshake (port probes). */
  public long abandonedConnections() {
    return refusals(Refusal.ABANDONED);
  }

  /** Chunks dropped because their call had ended (cancelled, past its deadline) by the time they came. */
  public long chunksDropped() {
    return chunksDropped.sum();
  }

  /**
   * Bytes reserved now for calls' payloads on this agent's links: the windows of chunked
   * payloads being received, payloads being assembled whole, and payloads that arrived whole
   * while their task runs. Never above the agent-wide bound.
   */
  public long bufferedBytes() {
    return buffers.used();
  }

  /**
   * Bytes of chunked payloads this agent sent that their receivers have not yet consumed (as
   * their credit tells), over all payloads in flight now. Each payload's share is bounded by its
   * receiver's window, so a slow reader holds this down instead of filling a heap.
   */
  public long unacknowledgedStreamBytes() {
    return unacknowledged.get();
  }

  /** The highest {@link #unacknowledgedStreamBytes} has been since the agent started. */
  public long unacknowledgedStreamBytesPeak() {
    return unacknowledgedPeak.get();
  }

  /** The agent-wide budget every link's budget draws from. */
  BufferBudget buffers() {
    return buffers;
  }

  void unacknowledgedStreamBytes(long delta) {
    long now = unacknowledged.addAndGet(delta);
    unacknowledgedPeak.accumulateAndGet(now, Math::max);
  }

  /**
   * Links established so far: TLS handshake and Hello exchange completed, dialed or accepted
   * (duplicates included, which close again at once).
   */
  public long linksOpened() {
    return linksOpened.sum();
  }

  /** Links closed so far, for any reason (idle, peer gone, duplicate, shutdown). */
  public long linksClosed() {
    return linksClosed.sum();
  }

  /** Bytes read from link connections so far, as on the wire: TLS records, handshakes included. */
  public long bytesReceived() {
    return bytesReceived.sum();
  }

  /** Bytes written to link connections so far, as on the wire: TLS records, handshakes included. */
  public long bytesSent() {
    return bytesSent.sum();
  }

  void linkOpened() {
    linksOpened.increment();
  }

  void linkClosed() {
    linksClosed.increment();
  }

  void bytesReceived(long n) {
    bytesReceived.add(n);
  }

  void bytesSent(long n) {
    bytesSent.add(n);
  }

  /** Log lines written about refused incoming connections so far (each may stand for many). */
  public long refusalLogLines() {
    return refusalLines.sum();
  }

  void frameRejected(Channel channel, FrameError error, String reason) {
    frameErrors.get(error).increment();
    if (error == FrameError.TRUNCATED) {
      log.warn("Connection {} ended in the middle of a frame: {}; that frame is lost.",
          Channels.describe(channel), reason);
    } else {
      log.warn("Closed connection {}: {} frame: {}. Other links are not affected; if this "
          + "repeats, the peer runs an incompatible or broken version.", Channels.describe(channel),
          error.name().toLowerCase(Locale.ROOT), reason);
    }
  }

  /** A dial of this node's failed during the TLS handshake or Hello. */
  void dialRefused(Channel channel, String reason) {
    handshakesRefused.increment();
    log.warn("Could not link with {}: {}", Channels.describe(channel), reason);
  }

  /** An incoming connection was refused for {@code kind}; {@code reason} says what exactly happened. */
  void refused(Channel channel, Refusal kind, String reason) {
    refusals.get(kind).increment();
    if (kind != Refusal.PENDING_LIMIT && kind != Refusal.PENDING_LIMIT_PER_ADDRESS && kind != Refusal.ABANDONED) {
      handshakesRefused.increment();
    }
    long count = refusalLog.get(kind).note(ticker.read());
    if (count == 0) {
      return;
    }
    if (kind == Refusal.ABANDONED) {
      log.debug("{} incoming connection(s): {} (latest from {})", count, kind.what(), Channels.describe(channel));
      return;
    }
    refusalLines.increment();
    log.warn("Refused {} incoming connection(s): {} (latest from {}: {}). What to do: {}. "
        + "Logged at most once a minute per kind.",
        count, kind.what(), Channels.describe(channel), reason, kind.advice());
  }

  void chunkDropped(Channel channel, long callId) {
    chunksDropped.increment();
    log.debug("Dropped a chunk of call {} from {}: the call has ended", callId, Channels.describe(channel));
  }
}
