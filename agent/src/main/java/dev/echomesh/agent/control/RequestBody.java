package dev.echomesh.agent.control;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.CompositeByteBuf;

/**
 * The body of one request, collected chunk by chunk as the bytes arrive, within a per-request limit
 * and the {@link BodyBudget} shared by every connection. Event-loop confined.
 */
final class RequestBody {

  private final BodyBudget budget;
  private final int maxBytes;
  private final CompositeByteBuf parts;
  private long reserved;

  RequestBody(BodyBudget budget, int maxBytes, ByteBufAllocator alloc) {
    this.budget = budget;
    this.maxBytes = maxBytes;
    this.parts = alloc.compositeBuffer(Integer.MAX_VALUE);
  }

  /**
   * Adds a chunk (retaining it).
   *
   * @throws ControlException REQUEST_TOO_LARGE past the request's limit, BUSY past the shared budget
   */
  void add(ByteBuf chunk) throws ControlException {
    int bytes = chunk.readableBytes();
    if (bytes == 0) {
      return;
    }
    if (parts.readableBytes() + (long) bytes > maxBytes) {
      throw new ControlException(
          ControlError.REQUEST_TOO_LARGE,
          "the request body is over the agent's limit of " + maxBytes + " bytes");
    }
    if (!budget.tryReserve(bytes)) {
      throw new ControlException(
          ControlError.BUSY,
          "the agent is buffering too many request bodies at once; retry shortly");
    }
    reserved += bytes;
    parts.addComponent(true, chunk.retain());
  }

  /** Bytes collected so far. */
  int size() {
    return parts.readableBytes();
  }

  /**
   * The body, copied; its buffers are freed, the reservation stays until {@link #release} (the
   * copy lives as long as the request). Call once.
   */
  byte[] bytes() {
    byte[] copy = ByteBufUtil.getBytes(parts);
    parts.release();
    return copy;
  }

  /** Frees the buffers and gives the reserved bytes back. Idempotent. */
  void release() {
    if (parts.refCnt() > 0) {
      parts.release();
    }
    budget.release(reserved);
    reserved = 0;
  }
}
