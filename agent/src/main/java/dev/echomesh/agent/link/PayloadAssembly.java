package dev.echomesh.agent.link;

import dev.echomesh.agent.task.TaskStatus;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;

/**
 * Assembles a chunked payload whole, for a task or a caller that takes byte arrays. Every byte
 * kept is reserved against the link's {@link BufferBudget} as it arrives (not from an announced
 * length): a payload that outgrows the budget ends its call with OVERLOADED. Credit goes back as
 * soon as a chunk is kept, so the sender is never held back by a reader. Confined to the loop.
 */
final class PayloadAssembly implements ChunkReceiver {

  private final Link link;
  private final long callId;
  private final boolean forResult;
  private final BufferBudget budget;
  private final ReceiveWindow window;
  private final MessageDigest digest = Digests.sha256();
  private final List<byte[]> pieces = new ArrayList<>();
  private long reserved;
  private byte[] whole;

  /**
   * @param windowReserved the window, already reserved against {@code budget}; released with
   *     the rest
   */
  PayloadAssembly(Link link, long callId, boolean forResult, BufferBudget budget, int windowReserved) {
    this.link = link;
    this.callId = callId;
    this.forResult = forResult;
    this.budget = budget;
    this.window = new ReceiveWindow(windowReserved);
    this.reserved = windowReserved;
  }

  @Override
  public Refusal accept(LinkMessage.Chunk chunk) {
    String error = window.accept(chunk.offset(), chunk.size(), chunk.last());
    if (error != null) {
      ChunkBuffers.SHARED.giveBack(chunk.data());
      return Refusal.protocol(error);
    }
    int size = chunk.size();
    if (!budget.tryReserve(size)) {
      ChunkBuffers.SHARED.giveBack(chunk.data());
      return new Refusal(false, TaskStatus.OVERLOADED, "the payload passed " + window.received()
          + " bytes and the bytes buffered for calls reached their bound (" + budget.limit()
          + " bytes per link, or the agent's); send it as a stream or retry later");
    }
    reserved += size;
    if (size > 0) {
      byte[] piece = bytesOf(chunk.data());
      ChunkBuffers.SHARED.giveBack(chunk.data());
      digest.update(piece);
      pieces.add(piece);
    }
    if (chunk.last()) {
      byte[] sum = digest.digest();
      if (chunk.sha256().length > 0 && !MessageDigest.isEqual(sum, chunk.sha256())) {
        return new Refusal(false, TaskStatus.FAILED, "the payload's SHA-256 does not match the sender's: "
            + "it was corrupted on the way");
      }
      whole = concat(pieces, window.received());
      pieces.clear();
    } else {
      int grant = window.consumed(size);
      if (grant > 0) {
        link.grant(callId, forResult, grant);
      }
    }
    return null;
  }

  @Override
  public boolean ended() {
    return whole != null;
  }

  /** The whole payload, once {@link #ended}. */
  byte[] payload() {
    return whole;
  }

  /** The payload has been handed on (or dropped): its bytes no longer count against the budget. */
  void release() {
    budget.release(reserved);
    reserved = 0;
    pieces.clear();
  }

  @Override
  public void abandon(TaskStatus status, String message) {
    whole = null;
    release();
  }

  private static byte[] bytesOf(ByteBuffer data) {
    if (data.hasArray() && data.arrayOffset() == 0 && data.position() == 0 && data.remaining() == data.array().length) {
      return data.array();
    }
    byte[] copy = new byte[data.remaining()];
    data.duplicate().get(copy);
    return copy;
  }

  /** Joins the pieces; {@code total} fits an array because the budget bounds it. */
  private static byte[] concat(List<byte[]> pieces, long total) {
    if (pieces.isEmpty()) {
      return new byte[0];
    }
    if (pieces.size() == 1) {
      return pieces.get(0);
    }
    byte[] out = new byte[Math.toIntExact(total)];
    int at = 0;
    for (byte[] piece : pieces) {
      System.arraycopy(piece, 0, out, at, piece.length);
      at += piece.length;
    }
    return out;
  }
}
