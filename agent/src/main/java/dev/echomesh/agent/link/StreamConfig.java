package dev.echomesh.agent.link;

/**
 * Settings of chunked (streamed) payloads on links: when a payload is chunked, how big the
 * pieces are, and how many bytes a receiver buffers, per payload, per link and in total.
 *
 * <p>Flow control is credit-based (as HTTP/2's WINDOW_UPDATE), not Netty's channel
 * writability: the receiver grants each payload a window when it admits it and returns credit
 * only as its reader consumes bytes, so a slow reader stops the sender within one window even
 * across TLS and the TCP buffers, and one stalled payload does not hold back the other calls on
 * the link (writability is per connection and would stall them all). Every window granted is
 * reserved against {@link #maxBufferedBytesPerLink} and {@link #maxBufferedBytes} first; a payload
 * that finds no room is answered OVERLOADED, never buffered beyond the bound. Payloads assembled
 * whole (for a task or caller that takes a byte array) are reserved against the same bounds as
 * their bytes arrive.
 *
 * @param singleFramePayloadBytes payloads up to this size travel whole in their Call or Result
 *     frame (today's path, fastest for small calls); larger ones, and any that would not fit the
 *     frame limit with their overhead, are chunked. Bytes, at least 1; default
 *     {@link #DEFAULT_SINGLE_FRAME_PAYLOAD_BYTES}
 * @param chunkBytes the most payload bytes per Chunk frame (less when the frame limit leaves
 *     less room). Bytes, 1 to {@code windowBytes}; default {@link #DEFAULT_CHUNK_BYTES}
 * @param windowBytes credit granted to each chunked payload: the most of it buffered by the
 *     receiver or in flight at once. Bytes, at least {@code chunkBytes}; default
 *     {@link #DEFAULT_WINDOW_BYTES}
 * @param maxBufferedBytesPerLink the most bytes of chunked payloads (windows and assembled
 *     payloads) one link may hold at once; at least {@code windowBytes}; default
 *     {@link #DEFAULT_MAX_BUFFERED_BYTES_PER_LINK}
 * @param maxBufferedBytes the same bound over all links of the agent, and for payloads that
 *     arrived whole in one frame too; at least {@code maxBufferedBytesPerLink}; default
 *     {@link #DEFAULT_MAX_BUFFERED_BYTES}
 */
public record StreamConfig(
    int singleFramePayloadBytes,
    int chunkBytes,
    int windowBytes,
    long maxBufferedBytesPerLink,
    long maxBufferedBytes) {

  /** 1 MiB: calls up to here cost one frame, as before streaming; above, chunking costs little. */
  public static final int DEFAULT_SINGLE_FRAME_PAYLOAD_BYTES = 1024 * 1024;
  /** 64 KiB: four TLS records; small enough to interleave calls, large enough to cost little. */
  public static final int DEFAULT_CHUNK_BYTES = 64 * 1024;
  /**
   * 1 MiB: many times a LAN's bandwidth-delay product (1 Gbit/s x 1 ms = 125 KB), so one payload
   * can fill the link, while 64 of them fit the agent-wide bound.
   */
  public static final int DEFAULT_WINDOW_BYTES = 1024 * 1024;
  /** 32 MiB: one peer may use half of the agent-wide bound. */
  public static final long DEFAULT_MAX_BUFFERED_BYTES_PER_LINK = 32L * 1024 * 1024;
  /** 64 MiB: a quarter of the launcher's 256 MiB heap. */
  public static final long DEFAULT_MAX_BUFFERED_BYTES = 64L * 1024 * 1024;

  public StreamConfig {
    if (singleFramePayloadBytes < 1) {
      throw new IllegalArgumentException("singleFramePayloadBytes must be positive, got " + singleFramePayloadBytes);
    }
    if (windowBytes < 1 || chunkBytes < 1 || chunkBytes > windowBytes) {
      throw new IllegalArgumentException("need 1 <= chunkBytes <= windowBytes, got chunkBytes " + chunkBytes
          + " and windowBytes " + windowBytes);
    }
    if (maxBufferedBytesPerLink < windowBytes || maxBufferedBytes < maxBufferedBytesPerLink) {
      throw new IllegalArgumentException("need windowBytes <= maxBufferedBytesPerLink <= maxBufferedBytes, got "
          + windowBytes + ", " + maxBufferedBytesPerLink + " and " + maxBufferedBytes);
    }
  }

  /** The defaults above. */
  public static StreamConfig defaults() {
    return new StreamConfig(DEFAULT_SINGLE_FRAME_PAYLOAD_BYTES, DEFAULT_CHUNK_BYTES, DEFAULT_WINDOW_BYTES,
        DEFAULT_MAX_BUFFERED_BYTES_PER_LINK, DEFAULT_MAX_BUFFERED_BYTES);
  }
}
