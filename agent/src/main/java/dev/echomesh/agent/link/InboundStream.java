package dev.echomesh.agent.link;

import dev.echomesh.agent.time.Ticker;
import dev.echomesh.agent.task.StreamFailedException;
import dev.echomesh.agent.task.TaskStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A chunked payload as an {@link InputStream} its reader consumes as it arrives: at most one
 * window of it is buffered (reserved against the link's {@link BufferBudget} when admitted),
 * and credit goes back to the sender only as the reader consumes, so a slow reader slows the
 * sender. A SHA-256 the sender stated on the last chunk is not checked: streams are verified end
 * to end by the tasks that keep them (see {@link OutboundStream}), and hashing every byte here
 * cost a pass over every file received.
 *
 * <p>The event loop puts chunks in ({@link #accept}) and ends it ({@link #abandon}); one reader
 * thread reads. Closing it before the end discards the rest and tells {@code onEarlyClose}.
 */
final class InboundStream extends InputStream implements ChunkReceiver {

  private final Link link;
  private final long callId;
  private final boolean forResult;
  private final BufferBudget budget;
  private final ReceiveWindow window;
  private final Ticker ticker;
  private final long deadlineNanos;
  private final Runnable onEarlyClose;
  private final ArrayDeque<ByteBuffer> queue = new ArrayDeque<>();
  private IOException failure;
  private boolean closed;
  private boolean atEnd;
  private boolean released;

  /**
   * @param windowReserved the window, already reserved against {@code budget}
   * @param deadlineNanos when a reader waiting for bytes gives up, in {@link Ticker} nanos
   * @param onEarlyClose run (on the reader's thread) when the reader closes before the end
   */
  InboundStream(Link link, long callId, boolean forResult, BufferBudget budget, int windowReserved,
      Ticker ticker, long deadlineNanos, Runnable onEarlyClose) {
    this.link = link;
    this.callId = callId;
    this.forResult = forResult;
    this.budget = budget;
    this.window = new ReceiveWindow(windowReserved);
    this.ticker = ticker;
    this.deadlineNanos = deadlineNanos;
    this.onEarlyClose = onEarlyClose;
  }

  // ---- the event loop's side ----------------------------------------------------------------

  @Override
  public synchronized Refusal accept(LinkMessage.Chunk chunk) {
    String error = window.accept(chunk.offset(), chunk.size(), chunk.last());
    if (error != null) {
      ChunkBuffers.SHARED.giveBack(chunk.data());
      return Refusal.protocol(error);
    }
    if (closed || failure != null) {
      ChunkBuffers.SHARED.giveBack(chunk.data());
      return null; // the reader is gone: the bytes are dropped
    }
    if (chunk.size() > 0) {
      queue.add(chunk.data());
    }
    notifyAll();
    return null;
  }

  @Override
  public synchronized boolean ended() {
    return window.ended();
  }

  @Override
  public void abandon(TaskStatus status, String message) {
    synchronized (this) {
      if (failure == null && !atEnd) {
        failure = new StreamFailedException(status, message);
      }
      drop();
      notifyAll();
    }
    release();
  }

  // ---- the reader's side --------------------------------------------------------------------

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xFF;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (len == 0) {
      return 0;
    }
    int n;
    int grant;
    synchronized (this) {
      if (!awaitBytes()) {
        return -1;
      }
      n = 0;
      while (n < len && !queue.isEmpty()) { // every chunk queued, up to len: fewer, larger reads
        ByteBuffer head = queue.peek();
        int take = Math.min(len - n, head.remaining());
        head.get(b, off + n, take);
        n += take;
        if (!head.hasRemaining()) {
          ChunkBuffers.SHARED.giveBack(queue.poll());
        }
      }
      grant = window.consumed(n);
    }
    if (grant > 0) {
      link.grantFromAnyThread(callId, forResult, grant);
    }
    return n;
  }

  @Override
  public synchronized int available() {
    int sum = 0;
    for (ByteBuffer piece : queue) {
      sum += piece.remaining();
    }
    return sum;
  }

  @Override
  public void close() {
    boolean early;
    synchronized (this) {
      early = !atEnd && failure == null && !closed;
      closed = true;
      drop();
      notifyAll();
    }
    release();
    if (early) {
      onEarlyClose.run();
    }
  }

  /** Gives every queued chunk's buffer back (the bytes are dropped). */
  private void drop() {
    for (ByteBuffer piece = queue.poll(); piece != null; piece = queue.poll()) {
      ChunkBuffers.SHARED.giveBack(piece);
    }
  }

  /** Waits until bytes are queued (true) or the payload ended and checked out (false). */
  private boolean awaitBytes() throws IOException {
    while (queue.isEmpty()) {
      if (failure != null) {
        throw failure;
      }
      if (closed) {
        throw new IOException("the payload stream is closed");
      }
      if (atEnd) {
        return false;
      }
      if (window.ended()) {
        finish();
        return false;
      }
      long left = deadlineNanos - ticker.read();
      if (left <= 0) {
        throw new StreamFailedException(TaskStatus.TIMEOUT, "the call's deadline passed while waiting for its payload");
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        if (failure != null) {
          throw failure; // the call ended, and its handler was interrupted for it: say why
        }
        throw new InterruptedIOException("interrupted while waiting for the payload");
      }
    }
    return true;
  }

  private void finish() {
    atEnd = true;
    release();
  }

  private void release() {
    synchronized (this) {
      if (released) {
        return;
      }
      released = true;
    }
    budget.release(window.windowBytes());
  }
}
