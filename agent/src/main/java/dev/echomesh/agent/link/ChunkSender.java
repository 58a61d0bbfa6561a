package dev.echomesh.agent.link;

import dev.echomesh.agent.task.TaskStatus;

/**
 * Sends one outgoing payload in chunks as credit arrives: from an array in hand
 * ({@link ArraySender}) or from a writer's stream ({@link OutboundStream}). Called on the
 * link's event loop.
 */
interface ChunkSender {

  /** The payload's call is on the wire on {@code link} with {@code callId}. */
  void attach(Link link, long callId);

  /** The receiver granted {@code bytes} more credit. */
  void grant(int bytes);

  /** The call ended: send nothing more; a writer still writing gets {@code status}. */
  void stop(TaskStatus status, String message);

  /** Where the next chunk would start: the payload bytes already handed to the link. */
  long wireOffset();
}
