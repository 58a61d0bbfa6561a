package dev.echomesh.agent.task.transfer;

import dev.echomesh.agent.task.TaskStatus;

/**
 * Told when a file transfer this node took part in as the callee ended: a {@code file.put} (or
 * one file of a {@code file.put-batch}) it received or a {@code file.get} it served, whatever the outcome (resume queries are not
 * transfers and are not reported). Called on the task thread that ran the transfer; must return
 * quickly.
 */
@FunctionalInterface
public interface TransferListener {

  /** Tells nobody. */
  TransferListener NONE = (direction, status, bytes) -> { };

  /** Which way the file's bytes went, seen from this node. */
  enum Direction {
    /** Into this node's inbox ({@code file.put}). */
    RECEIVED,
    /** Out of one of this node's shared directories ({@code file.get}). */
    SENT
  }

  /**
   * @param status how the transfer ended (OK, or the refusal's status)
   * @param bytes the file's bytes that moved in this transfer (from the resume offset on), also
   *     when it failed part way
   */
  void transferEnded(Direction direction, TaskStatus status, long bytes);
}
