package dev.echomesh.agent.link;

import io.netty.channel.Channel;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters of what the link layer refused, and the one place that logs those refusals, so an
 * operator sees every closed connection with its reason and the metrics can count them; and
 * the gauges of bytes buffered for chunked payloads (the agent-wide {@link BufferBudget}).
 * Thread-safe.
 */
public final class LinkStats {

  private static final Logger log = LoggerFactory.getLogger(LinkStats.class);

  private final Map<FrameError, LongAdder> frameErrors = new EnumMap<>(FrameError.class);
  private final LongAdder handshakesRefused = new LongAdder();
  private final LongAdder chunksDropped = new LongAdder();
  private final LongAdder abandonedConnections = new LongAdder();
  private final BufferBudget buffers;
  private final AtomicLong unacknowledged = new AtomicLong();
  private final AtomicLong unacknowledgedPeak = new AtomicLong();

  /** Counters for a link layer whose buffering is bounded by the default {@link StreamConfig}. */
  public LinkStats() {
    this(StreamConfig.DEFAULT_MAX_BUFFERED_BYTES);
  }

  /** @param maxBufferedBytes the agent-wide bound of bytes buffered for calls */
  LinkStats(long maxBufferedBytes) {
    this.buffers = new BufferBudget(maxBufferedBytes, null);
    for (FrameError e : FrameError.values()) {
      frameErrors.put(e, new LongAdder());
    }
  }

  /** Connections closed for {@code error} so far. */
  public long frameErrors(FrameError error) {
    return frameErrors.get(error).sum();
  }

  /** Connections (accepted or dialed) refused during the TLS handshake or the Hello exchange so far. */
  public long handshakesRefused() {
    return handshakesRefused.sum();
  }

  /** Accepted connections closed by the other side before any TLS handshake (port probes). */
  public long abandonedConnections() {
    return abandonedConnections.sum();
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

  void handshakeRefused(Channel channel, boolean dialed, String reason) {
    handshakesRefused.increment();
    if (dialed) {
      log.warn("Could not link with {}: {}", Channels.describe(channel), reason);
    } else {
      log.warn("Refused connection from {}: {}", Channels.describe(channel), reason);
    }
  }

  void abandonedConnection(Channel channel) {
    abandonedConnections.increment();
    log.debug("Connection from {} closed before the TLS handshake", Channels.describe(channel));
  }

  void chunkDropped(Channel channel, long callId) {
    chunksDropped.increment();
    log.debug("Dropped a chunk of call {} from {}: the call has ended", callId, Channels.describe(channel));
  }
}
