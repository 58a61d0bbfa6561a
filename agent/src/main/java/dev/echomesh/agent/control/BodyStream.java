package dev.echomesh.agent.control;

import dev.echomesh.agent.io.BulkInputStream;
import dev.echomesh.agent.time.Ticker;
import io.netty.buffer.ByteBuf;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A request body read as it arrives, for a request too big to collect whole (a streamed call): the
 * connection's event loop {@link #offer}s each piece, one reader thread reads. At most about
 * {@code highWaterBytes} are held: past that the connection stops reading from its socket
 * ({@code pause}), and it reads again ({@code resume}) once the reader has taken the queue below
 * half of it, so a slow peer slows the client instead of filling the agent's memory.
 *
 * <p>{@code pause} and {@code resume} run under this stream's lock, in the order the decisions are
 * made, so they must not block (Netty's {@code setAutoRead} only flips a flag and schedules work on
 * the event loop). Run outside the lock, the event loop's pause could land after the reader had
 * already drained the queue and resumed: the connection then stayed paused with nothing queued and
 * nobody left to resume it, and the read failed after {@code maxWaitNanos}.
 *
 * <p>A read waits for bytes at most {@code maxWaitNanos}; it fails when the client goes away
 * ({@link #fail}) or the stream was closed. Closing it before the body ended drops what is queued
 * and leaves the connection paused: the rest is never read, so the client stops sending (its
 * writes block, and fail once the connection closes after the answer) instead of pushing the rest
 * of a file through the socket only to be discarded. A connection whose body was not read whole
 * is closed after its answer ({@link ApiExchange}), so nothing else waits behind the unread bytes.
 */
final class BodyStream extends BulkInputStream {

  private final int highWaterBytes;
  private final Runnable pause;
  private final Runnable resume;
  private final long maxWaitNanos;
  private final Ticker ticker;
  // Guarded by this.
  private final ArrayDeque<ByteBuf> queue = new ArrayDeque<>();
  private long queuedBytes;
  private boolean paused;
  private boolean ended;
  private boolean closed;
  private String failure;

  /**
   * @param highWaterBytes bytes queued past which the connection pauses, at least 1
   * @param pause run, under the lock and without blocking, to stop reading from the client: on the
   *     event loop, or on the reader's thread when it closes the stream before the body ended
   * @param resume run, under the lock and without blocking, on the reader's thread to read from the
   *     client again
   * @param maxWaitNanos the longest one read waits for bytes, positive
   * @param ticker the monotonic time that wait is measured on
   */
  BodyStream(int highWaterBytes, Runnable pause, Runnable resume, long maxWaitNanos, Ticker ticker) {
    if (highWaterBytes < 1 || maxWaitNanos <= 0) {
      throw new IllegalArgumentException("need highWaterBytes >= 1 and maxWaitNanos > 0, got " + highWaterBytes
          + " and " + maxWaitNanos);
    }
    this.highWaterBytes = highWaterBytes;
    this.pause = Objects.requireNonNull(pause, "pause");
    this.resume = Objects.requireNonNull(resume, "resume");
    this.maxWaitNanos = maxWaitNanos;
    this.ticker = Objects.requireNonNull(ticker, "ticker");
  }

  // ---- the event loop's side ----------------------------------------------------------------

  /** Queues a piece of the body (retaining it); dropped when the reader has closed. */
  synchronized void offer(ByteBuf piece) {
    if (closed || failure != null || ended || !piece.isReadable()) {
      return;
    }
    queue.add(piece.retain());
    queuedBytes += piece.readableBytes();
    if (!paused && queuedBytes > highWaterBytes) {
      paused = true;
      pause.run();
    }
    notifyAll();
  }

  /** The body's last piece has been offered. */
  synchronized void end() {
    ended = true;
    notifyAll();
  }

  /** The body will not be completed (the client went away): reads fail with {@code why}. */
  void fail(String why) {
    synchronized (this) {
      if (failure == null && !ended) {
        failure = why;
      }
      notifyAll();
    }
  }

  /** Whether the whole body has arrived. */
  synchronized boolean ended() {
    return ended;
  }

  // ---- the reader's side --------------------------------------------------------------------

  @Override
  protected int readSome(byte[] b, int off, int len) throws IOException {
    int n = 0;
    synchronized (this) {
      if (!awaitBytes()) {
        return -1;
      }
      while (n < len && !queue.isEmpty()) {
        ByteBuf head = queue.peek();
        int take = Math.min(len - n, head.readableBytes());
        head.readBytes(b, off + n, take);
        n += take;
        if (!head.isReadable()) {
          queue.poll().release();
        }
      }
      queuedBytes -= n;
      if (paused && queuedBytes <= highWaterBytes / 2) {
        paused = false;
        resume.run();
      }
    }
    return n;
  }

  @Override
  public synchronized int available() {
    return (int) Math.min(Integer.MAX_VALUE, queuedBytes);
  }

  /**
   * Drops what is queued. Before the end of the body, the connection stops reading (it stays
   * paused, or pauses now) and never reads the rest; after the end there is nothing left to read.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    queue.forEach(ByteBuf::release);
    queue.clear();
    queuedBytes = 0;
    if (!paused && !ended) {
      paused = true;
      pause.run();
    }
    notifyAll();
  }

  /** Waits until bytes are queued (true) or the body ended (false). Under the lock. */
  private boolean awaitBytes() throws IOException {
    long deadline = ticker.read() + maxWaitNanos;
    while (queue.isEmpty()) {
      if (closed) {
        throw new IOException("the request body stream is closed");
      }
      if (failure != null) {
        throw new IOException(failure);
      }
      if (ended) {
        return false;
      }
      long left = deadline - ticker.read();
      if (left <= 0) {
        throw new IOException("no more of the request body arrived within "
            + TimeUnit.NANOSECONDS.toMillis(maxWaitNanos) + " ms");
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while waiting for the request body");
      }
    }
    return true;
  }
}
