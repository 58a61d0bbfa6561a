package dev.echomesh.agent.link;

import dev.echomesh.agent.task.TaskStatus;
import java.nio.ByteBuffer;
import java.security.MessageDigest;

/**
 * Sends a payload held in an array (a byte-array call, or a task's byte-array result too large
 * for one frame) in chunks as credit arrives, on the event loop: each chunk is a view of the
 * array, never a copy, and the bytes in flight never exceed the receiver's window. The digest
 * is computed chunk by chunk. Confined to the loop.
 */
final class ArraySender implements ChunkSender {

  private final byte[] payload;
  private final boolean forResult;
  private final int chunkBytes;
  private final Runnable onLastWritten;
  private final SendWindow window = new SendWindow();
  private final MessageDigest digest = Digests.sha256();
  private Link link;
  private long callId;
  private int sent;
  private boolean done;
  /** What this sender adds to the link layer's gauge of unacknowledged bytes now. */
  private long reported;

  /**
   * @param chunkBytes the most bytes per chunk; less when the link's frame limit needs
   * @param onLastWritten run once the last chunk is on its way
   */
  ArraySender(byte[] payload, boolean forResult, int chunkBytes, Runnable onLastWritten) {
    this.payload = payload;
    this.forResult = forResult;
    this.chunkBytes = chunkBytes;
    this.onLastWritten = onLastWritten;
  }

  @Override
  public long wireOffset() {
    return sent;
  }

  @Override
  public void attach(Link carrier, long id) {
    link = carrier;
    callId = id;
  }

  @Override
  public void grant(int bytes) {
    if (done || !window.grant(bytes)) {
      return;
    }
    pump();
    report();
  }

  @Override
  public void stop(TaskStatus status, String message) {
    done = true;
    report();
  }

  private void report() {
    long now = done ? 0 : window.unacknowledged();
    if (link != null && now != reported) {
      link.stats().unacknowledgedStreamBytes(now - reported);
      reported = now;
    }
  }

  private void pump() {
    while (!done) {
      int left = payload.length - sent;
      int n = window.take(Math.min(Math.min(chunkBytes, link.chunkDataBytes()), left));
      if (n == 0 && left > 0) {
        return;
      }
      ByteBuffer piece = ByteBuffer.wrap(payload, sent, n).slice();
      digest.update(payload, sent, n);
      long offset = sent;
      sent += n;
      if (sent == payload.length) {
        done = true;
        link.write(LinkMessage.Chunk.last(callId, forResult, offset, piece, digest.digest()));
        onLastWritten.run();
      } else {
        link.write(LinkMessage.Chunk.piece(callId, forResult, offset, piece));
      }
    }
  }
}
