package dev.echomesh.agent.link;

import dev.echomesh.agent.time.Ticker;
import dev.echomesh.agent.task.StreamFailedException;
import dev.echomesh.agent.task.TaskStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * A chunked payload written by a thread as an {@link OutputStream} (a caller's streamed request,
 * a task's streamed result): writes are cut into chunks, and a write blocks while the receiver's
 * credit is used up, until the call's deadline. So the writer holds at most one chunk, and the
 * link at most one window, whatever the payload's size. Closing sends the last chunk. When the
 * call ends first, writes fail with {@link StreamFailedException}.
 *
 * <p>The last chunk states no SHA-256 of the payload (the protocol lets it be empty): TLS 1.3
 * authenticates every record, the chunks' offsets are checked in order, and a task that keeps the
 * bytes checks them end to end ({@code file.put} against the sender's SHA-256). Hashing here as
 * well cost a pass over every byte of a file on each agent (one to state it, one to check it).
 *
 * <p>Each chunk's bytes are handed to the link as they are, never copied again: a full buffer goes
 * with its chunk(s) and the writer continues in a new one.
 *
 * <p>One writer thread; the event loop attaches, grants and stops ({@link ChunkSender}). Chunks
 * reach the loop in the order written (one writer, FIFO hand-over).
 */
final class OutboundStream extends OutputStream implements ChunkSender {

  private final boolean forResult;
  private final Ticker ticker;
  private final long deadlineNanos;
  private final Runnable onLastWritten;
  // Guarded by this.
  private final SendWindow window = new SendWindow();
  private Link link;
  private long callId;
  private StreamFailedException stopped;
  private long reported;
  // The writer's.
  private final int chunkBytes;
  private byte[] pending;
  private int pendingLength;
  private long offset;
  private boolean closed;
  // The loop's.
  private long wireOffset;

  /**
   * @param chunkBytes the most bytes per chunk; less when the link's frame limit needs
   * @param deadlineNanos when a write waiting for credit gives up, in {@link Ticker} nanos
   * @param onLastWritten run on the loop once the last chunk is on its way
   */
  OutboundStream(boolean forResult, int chunkBytes, Ticker ticker, long deadlineNanos, Runnable onLastWritten) {
    this.forResult = forResult;
    this.ticker = ticker;
    this.deadlineNanos = deadlineNanos;
    this.onLastWritten = onLastWritten;
    this.chunkBytes = chunkBytes;
    this.pending = new byte[chunkBytes];
  }

  // ---- the event loop's side ----------------------------------------------------------------

  @Override
  public synchronized void attach(Link carrier, long id) {
    link = carrier;
    callId = id;
    notifyAll();
  }

  @Override
  public synchronized void grant(int bytes) {
    if (stopped == null && window.grant(bytes)) {
      report();
      notifyAll();
    }
  }

  @Override
  public synchronized void stop(TaskStatus status, String message) {
    if (stopped == null) {
      stopped = new StreamFailedException(status, message);
      report();
      notifyAll();
    }
  }

  @Override
  public long wireOffset() {
    return wireOffset;
  }

  private void writeOnLoop(LinkMessage.Chunk chunk) {
    synchronized (this) {
      if (stopped != null) {
        return;
      }
    }
    link.write(chunk);
    wireOffset = chunk.offset() + chunk.size();
    if (chunk.last()) {
      stop(TaskStatus.CANCELLED, "the payload has been sent whole");
      onLastWritten.run();
    }
  }

  // ---- the writer's side --------------------------------------------------------------------

  @Override
  public void write(int b) throws IOException {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) throws IOException {
    Objects.checkFromIndexSize(off, len, b.length);
    if (closed) {
      throw new IOException("the payload stream is closed");
    }
    while (len > 0) {
      int n = Math.min(len, pending.length - pendingLength);
      System.arraycopy(b, off, pending, pendingLength, n);
      pendingLength += n;
      off += n;
      len -= n;
      if (pendingLength == pending.length) {
        sendPending(false);
      }
    }
  }

  /**
   * Sends everything {@code in} holds, reading it straight into the chunks' buffers (no copy
   * between the two), until its end; the payload is not ended (see {@link #close}).
   *
   * @return the bytes read from {@code in}
   */
  long transferFrom(InputStream in) throws IOException {
    if (closed) {
      throw new IOException("the payload stream is closed");
    }
    long total = 0;
    int n;
    while ((n = in.read(pending, pendingLength, pending.length - pendingLength)) >= 0) {
      pendingLength += n;
      total += n;
      if (pendingLength == pending.length) {
        sendPending(false);
      }
    }
    return total;
  }

  /** Ends the payload: sends what is pending as the last chunk, waiting for credit as needed. */
  @Override
  public void close() throws IOException {
    if (closed) {
      return;
    }
    closed = true;
    sendPending(true);
  }

  private void sendPending(boolean last) throws IOException {
    int from = 0;
    do {
      int n = awaitCredit(pendingLength - from);
      boolean isLast = last && from + n == pendingLength;
      ByteBuffer wrapped = ByteBuffer.wrap(pending, from, n).slice(); // the buffer is the chunk's from now on
      LinkMessage.Chunk chunk = isLast
          ? LinkMessage.Chunk.last(callId, forResult, offset, wrapped)
          : LinkMessage.Chunk.piece(callId, forResult, offset, wrapped);
      offset += n;
      from += n;
      if (!link.execute(() -> writeOnLoop(chunk))) {
        throw new StreamFailedException(TaskStatus.UNAVAILABLE, "the link layer has stopped");
      }
      if (isLast) {
        break;
      }
    } while (from < pendingLength);
    if (pendingLength > 0) {
      pending = new byte[chunkBytes]; // the chunks sent hold the old one until they are written
    }
    pendingLength = 0;
  }

  /** Waits until the call is on a link and, for {@code wanted} > 0, for credit; takes up to {@code wanted}. */
  private synchronized int awaitCredit(int wanted) throws IOException {
    while (true) {
      if (stopped != null) {
        throw stopped;
      }
      if (link != null) {
        int n = window.take(Math.min(wanted, link.chunkDataBytes()));
        if (n > 0 || wanted == 0) {
          report();
          return n;
        }
      }
      long left = deadlineNanos - ticker.read();
      if (left <= 0) {
        throw new StreamFailedException(TaskStatus.TIMEOUT, "the call's deadline passed while sending its payload");
      }
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        if (stopped != null) {
          throw stopped; // the call ended, and its handler was interrupted for it: say why
        }
        throw new InterruptedIOException("interrupted while waiting to send the payload");
      }
    }
  }

  /** Keeps the link layer's gauge of unacknowledged bytes up to date; under the lock. */
  private void report() {
    long now = stopped != null ? 0 : window.unacknowledged();
    if (link != null && now != reported) {
      link.stats().unacknowledgedStreamBytes(now - reported);
      reported = now;
    }
  }
}
