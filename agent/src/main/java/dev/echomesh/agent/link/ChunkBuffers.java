package dev.echomesh.agent.link;

import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Reused direct buffers for the data of incoming Chunk frames, so that a streamed payload's
 * window in flight lives outside the Java heap.
 *
 * <p>Why: the launcher runs agents on a small Serial heap (a young generation of a few MiB, with
 * survivor spaces of some hundred KiB). When every chunk was a new heap array, a transfer
 * allocated its whole size on the heap, and the chunks still queued for a slow reader at each young
 * collection (up to a window, 1 MiB, per payload) overflowed the survivor spaces and were promoted:
 * the old generation filled, and the receiving agent ran several full collections per transfer.
 * With these buffers a chunk's bytes are copied once, as before, but into a buffer that is given
 * back when its reader has consumed it and reused for a later chunk.
 *
 * <p>Bounds: at most {@code maxBuffers} buffers of {@code bufferBytes} each exist at once (their
 * memory stays with the agent once touched, for the next transfer). A chunk larger than a buffer, or
 * one that arrives while all buffers are out, gets a heap array as before, so nothing waits for a
 * buffer. Whoever takes a chunk from {@link #copyOf} owns its buffer and hands it to
 * {@link #giveBack} when done; a buffer never given back (a bug) only shrinks the pool towards
 * heap arrays. Thread-safe: the event loops take, reader threads give back.
 */
final class ChunkBuffers {

  /** 64 KiB: the default chunk size ({@link StreamConfig#DEFAULT_CHUNK_BYTES}). */
  static final int DEFAULT_BUFFER_BYTES = StreamConfig.DEFAULT_CHUNK_BYTES;
  /**
   * 128 buffers, 8 MiB: the windows (1 MiB each by default) of eight payloads at once, as many as
   * {@code echomesh send} streams by default ({@code --parallel 8}). Measured with 64 buffers, the
   * batches of small files overflowed them into heap arrays, which were promoted again.
   */
  static final int DEFAULT_MAX_BUFFERS = 128;

  /** The buffers of the agent's links (one per JVM, as Netty's default allocator). */
  static final ChunkBuffers SHARED = new ChunkBuffers(DEFAULT_BUFFER_BYTES, DEFAULT_MAX_BUFFERS);

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final int bufferBytes;
  private final int maxBuffers;
  private final ArrayDeque<ByteBuffer> idle = new ArrayDeque<>();
  /** The buffers handed out, by identity: only these are taken back, each once. */
  private final Set<ByteBuffer> out = Collections.newSetFromMap(new IdentityHashMap<>());

  /**
   * @param bufferBytes size of each buffer: chunks up to this size use one. Bytes, at least 1
   * @param maxBuffers the most buffers in existence at once; at least 0 (0: always heap arrays)
   */
  ChunkBuffers(int bufferBytes, int maxBuffers) {
    if (bufferBytes < 1 || maxBuffers < 0) {
      throw new IllegalArgumentException("need bufferBytes >= 1 and maxBuffers >= 0, got " + bufferBytes
          + " and " + maxBuffers);
    }
    this.bufferBytes = bufferBytes;
    this.maxBuffers = maxBuffers;
  }

  /** A copy of {@code data}, positioned at its start; give it back with {@link #giveBack}. */
  ByteBuffer copyOf(ByteString data) {
    if (data.isEmpty()) {
      return EMPTY;
    }
    ByteBuffer buffer = data.size() <= bufferBytes ? take() : null;
    if (buffer == null) {
      return ByteBuffer.wrap(data.toByteArray());
    }
    data.copyTo(buffer);
    buffer.flip();
    return buffer;
  }

  /**
   * Returns a buffer from {@link #copyOf} for reuse. Anything else (heap arrays, empty buffers, a
   * buffer given back already, one this pool did not make) is ignored.
   */
  void giveBack(ByteBuffer buffer) {
    if (!buffer.isDirect()) {
      return;
    }
    synchronized (this) {
      if (out.remove(buffer)) {
        buffer.clear();
        idle.push(buffer);
      }
    }
  }

  /** Buffers handed out and not given back. */
  synchronized int outstanding() {
    return out.size();
  }

  /** Buffers made so far and waiting for reuse. */
  synchronized int idle() {
    return idle.size();
  }

  private synchronized ByteBuffer take() {
    ByteBuffer buffer = idle.poll();
    if (buffer == null && out.size() < maxBuffers) {
      buffer = ByteBuffer.allocateDirect(bufferBytes);
    }
    if (buffer != null) {
      out.add(buffer);
    }
    return buffer;
  }
}
