package dev.echomesh.agent.task;

import dev.echomesh.agent.identity.NodeId;
import java.time.Instant;
import java.util.Objects;

/**
 * One call as a handler sees it.
 *
 * @param caller node ID of the caller, proven by its TLS certificate
 * @param task the task name called
 * @param payload request bytes (may be empty, never null)
 * @param deadline when the caller stops waiting; a handler past it is cancelled
 * @param idempotencyKey the caller's key for retries of one logical call (a retry with
 *     the same key gets the first call's remembered result, and the task runs once); empty when
 *     the call carries none
 */
public record TaskRequest(NodeId caller, String task, byte[] payload, Instant deadline, byte[] idempotencyKey) {
  public TaskRequest {
    Objects.requireNonNull(caller, "caller");
    Objects.requireNonNull(task, "task");
    Objects.requireNonNull(deadline, "deadline");
    payload = payload == null ? new byte[0] : payload;
    idempotencyKey = idempotencyKey == null ? new byte[0] : idempotencyKey;
  }

  /** A request without an idempotency key. */
  public TaskRequest(NodeId caller, String task, byte[] payload, Instant deadline) {
    this(caller, task, payload, deadline, null);
  }
}
