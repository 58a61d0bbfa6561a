package dev.echomesh.agent.link;

import io.netty.channel.Channel;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counters of what the link layer refused, and the one place that logs those refusals, so an
 * operator sees every closed connection with its reason and the metrics can count them.
 * Thread-safe.
 */
public final class LinkStats {

  private static final Logger log = LoggerFactory.getLogger(LinkStats.class);

  private final Map<FrameError, LongAdder> frameErrors = new EnumMap<>(FrameError.class);
  private final LongAdder handshakesRefused = new LongAdder();
  private final LongAdder unsupportedFrames = new LongAdder();
  private final LongAdder abandonedConnections = new LongAdder();

  public LinkStats() {
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

  /** Frames dropped because this version does not support them (chunks). */
  public long unsupportedFrames() {
    return unsupportedFrames.sum();
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

  void unsupportedFrame(Channel channel, String what) {
    unsupportedFrames.increment();
    log.debug("Dropped {} from {}: not supported by this version", what, Channels.describe(channel));
  }
}
