package dev.echomesh.agent.task;

/**
 * How a task call ended. The wire carries the same values ({@code echomesh.v1.Status}); the one
 * place that converts between the two is the link's frame converter.
 */
public enum TaskStatus {
  /** The task ran and returned a payload. */
  OK,
  /** The callee has no task of that name. */
  NOT_FOUND,
  /** The caller's node ID may not call this task, or the caller is on the deny list. */
  DENIED,
  /** The task rejected the payload as malformed; retrying the same payload will not help. */
  INVALID,
  /** The task threw or failed; the message says why. */
  FAILED,
  /** The deadline passed before a result arrived. The callee was told to cancel. */
  TIMEOUT,
  /** The callee (or the local link) had too many calls in flight; retry later or elsewhere. */
  OVERLOADED,
  /** The call was cancelled by the caller or by a clean shutdown. */
  CANCELLED,
  /** The peer could not be reached, or its link closed before a result arrived. */
  UNAVAILABLE
}
