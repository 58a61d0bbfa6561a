package dev.echomesh.agent.link;

import dev.echomesh.agent.task.TaskStatus;

/**
 * Where the chunks of one incoming payload go: a stream its reader consumes
 * ({@link InboundStream}) or a buffer that assembles it whole ({@link PayloadAssembly}).
 * Called on the link's event loop.
 */
interface ChunkReceiver {

  /**
   * Why a chunk cannot be taken.
   *
   * @param protocolError the peer broke the protocol: the link closes
   * @param status otherwise: the call ends with this status (e.g. OVERLOADED)
   */
  record Refusal(boolean protocolError, TaskStatus status, String message) {
    static Refusal protocol(String message) {
      return new Refusal(true, TaskStatus.FAILED, message);
    }
  }

  /**
   * Takes the next chunk; null when taken, else why not. Either way its data buffer is this
   * receiver's from now on: given back to {@link ChunkBuffers} once read or dropped.
   */
  Refusal accept(LinkMessage.Chunk chunk);

  /** Whether the last chunk has been taken. */
  boolean ended();

  /** The call ended before the payload was consumed: frees everything held; readers get {@code status}. */
  void abandon(TaskStatus status, String message);
}
