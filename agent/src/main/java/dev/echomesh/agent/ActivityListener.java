package dev.echomesh.agent;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.task.transfer.TransferListener;

/**
 * Told of what the agent does as it happens, one event at a time, for metrics ({@code /metrics}
 * is built on it). Register with {@link Agent#addActivityListener}; every method does nothing
 * unless overridden.
 *
 * <p>Methods are called on the agent's own threads (the liveness receive thread, network threads,
 * task threads), possibly concurrently: they must be thread-safe, return quickly and never block.
 * An exception thrown by a listener is logged (at most once a minute) and otherwise ignored.
 */
public interface ActivityListener {

  /**
   * A pong answered one of this node's UDP pings.
   *
   * @param rttNanos the round trip, ping sent to pong received, in nanoseconds
   */
  default void roundTrip(NodeId peer, long rttNanos) {}

  /**
   * This node ended a call a peer made to it, whoever answered it (a built-in, code, plugin or
   * command task, or a program serving the task through the local API). A call the caller
   * cancelled, or whose deadline passed, before its result was ready ends CANCELLED.
   *
   * @param task the task name the caller asked for (any string: it may name no task of this node)
   * @param elapsedNanos from the call's arrival to its result, in nanoseconds
   */
  default void callHandled(String task, TaskStatus status, long elapsedNanos) {}

  /**
   * A file transfer this node served ended: a {@code file.put} or one file of a {@code
   * file.put-batch} into its inbox ({@link TransferListener.Direction#RECEIVED}) or a {@code file.get} out of a shared directory ({@link
   * TransferListener.Direction#SENT}); resume queries are not transfers.
   *
   * @param bytes the file's bytes moved, also when the transfer failed part way
   */
  default void fileTransferred(TransferListener.Direction direction, TaskStatus status, long bytes) {}
}
