package dev.echomesh.agent.link;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskResult;
import java.util.Objects;

/**
 * One frame on a link, as the link layer sees it: the domain side of the wire {@code Frame}.
 * {@link FrameConverter} is the only place that turns one into the other.
 */
sealed interface LinkMessage {

  /**
   * First message each side sends after the TLS handshake.
   *
   * @param protocolVersion the protocol version the sender speaks
   * @param nodeId the sender's node ID; must match its TLS certificate
   * @param name human-readable node name; informational
   * @param maxInFlightCalls how many calls the sender accepts in flight on this link; 0 = not
   *     stated
   * @param agentVersion the sender's agent version; informational
   * @param udpPort the sender's UDP liveness port; 0 = not stated
   * @param linkPort the sender's TCP link listener port; 0 = not stated
   */
  record Hello(
      int protocolVersion,
      NodeId nodeId,
      String name,
      int maxInFlightCalls,
      String agentVersion,
      int udpPort,
      int linkPort)
      implements LinkMessage {
    public Hello {
      Objects.requireNonNull(nodeId, "nodeId");
      name = name == null ? "" : name;
      agentVersion = agentVersion == null ? "" : agentVersion;
    }
  }

  /**
   * A task call.
   *
   * @param callId chosen by the caller, unique among its in-flight calls on the link
   * @param task the task name
   * @param payload the request bytes, never null
   * @param timeoutMillis time the callee has, counted from receipt; 0 = the callee's default
   * @param chunked the payload follows in chunks (not supported by this version; refused)
   * @param idempotencyKey the caller's key making retries of one logical call run at most once;
   *     empty = none
   */
  record Call(long callId, String task, byte[] payload, long timeoutMillis, boolean chunked,
      byte[] idempotencyKey) implements LinkMessage {
    public Call {
      Objects.requireNonNull(task, "task");
      Objects.requireNonNull(payload, "payload");
      idempotencyKey = idempotencyKey == null ? new byte[0] : idempotencyKey;
    }

    /** A call without an idempotency key. */
    public Call(long callId, String task, byte[] payload, long timeoutMillis, boolean chunked) {
      this(callId, task, payload, timeoutMillis, chunked, null);
    }
  }

  /** The outcome of the call {@code callId}. */
  record Result(long callId, TaskResult result) implements LinkMessage {
    public Result {
      Objects.requireNonNull(result, "result");
    }
  }

  /** The caller gave up on {@code callId}; the callee interrupts the handler. */
  record Cancel(long callId, String reason) implements LinkMessage {
    public Cancel {
      reason = reason == null ? "" : reason;
    }
  }

  /** A piece of a chunked payload. Chunked payloads are not supported yet: counted, dropped. */
  record Chunk(long callId) implements LinkMessage {}

  /** The sender accepts no new calls on this link; calls in flight still finish. */
  record GoAway(String reason) implements LinkMessage {
    public GoAway {
      reason = reason == null ? "" : reason;
    }
  }
}
