package dev.echomesh.agent.link;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * One frame on a link, as the link layer sees it: the domain side of the wire {@code Frame}.
 * {@link FrameConverter} is the only place that turns one into the other.
 */
sealed interface LinkMessage {

  /**
   * First message each side sends after the TLS handshake.
   *
   * @param protocolVersion the newest protocol version the sender speaks (unsigned on the wire)
   * @param nodeId the sender's node ID; must match its TLS certificate
   * @param name human-readable node name; informational
   * @param maxInFlightCalls how many calls the sender accepts in flight on this link; 0 = not
   *     stated
   * @param agentVersion the sender's agent version; informational
   * @param udpPort the sender's UDP liveness port; 0 = not stated
   * @param linkPort the sender's TCP link listener port; 0 = not stated
   * @param maxFrameBytes the largest frame the sender accepts (unsigned on the wire); 0 = not
   *     stated (see {@link PeerProtocol#UNSTATED_FRAME_LIMIT_BYTES})
   * @param minProtocolVersion the oldest protocol version the sender still speaks; 0 = not
   *     stated (only {@code protocolVersion})
   */
  record Hello(
      int protocolVersion,
      NodeId nodeId,
      String name,
      int maxInFlightCalls,
      String agentVersion,
      int udpPort,
      int linkPort,
      int maxFrameBytes,
      int minProtocolVersion)
      implements LinkMessage {
    public Hello {
      Objects.requireNonNull(nodeId, "nodeId");
      name = name == null ? "" : name;
      agentVersion = agentVersion == null ? "" : agentVersion;
    }

    /** A Hello as builds before {@code maxFrameBytes} and {@code minProtocolVersion} sent it. */
    Hello(int protocolVersion, NodeId nodeId, String name, int maxInFlightCalls, String agentVersion, int udpPort,
        int linkPort) {
      this(protocolVersion, nodeId, name, maxInFlightCalls, agentVersion, udpPort, linkPort, 0, 0);
    }
  }

  /**
   * A task call.
   *
   * @param callId chosen by the caller, unique among its in-flight calls on the link
   * @param task the task name
   * @param payload the request bytes, never null
   * @param timeoutMillis time the callee has, counted from receipt; 0 = the callee's default
   * @param chunked the payload follows in {@link Chunk}s ({@code payload} is then empty)
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

  /**
   * The outcome of the call {@code callId}.
   *
   * @param chunked an OK result whose payload follows in {@link Chunk}s ({@code result}'s
   *     payload is then empty)
   */
  record Result(long callId, TaskResult result, boolean chunked) implements LinkMessage {
    public Result {
      Objects.requireNonNull(result, "result");
    }

    /** A result carried whole in this frame. */
    Result(long callId, TaskResult result) {
      this(callId, result, false);
    }
  }

  /** The caller gave up on {@code callId}; the callee interrupts the handler. */
  record Cancel(long callId, String reason) implements LinkMessage {
    public Cancel {
      reason = reason == null ? "" : reason;
    }
  }

  /**
   * A piece of a chunked payload.
   *
   * @param callId the caller's call ID
   * @param forResult the piece belongs to the Result's payload (else to the Call's)
   * @param offset where {@code data} starts within the whole payload
   * @param data the bytes, from position to limit; never changed after the message is made
   * @param last the final piece
   * @param sha256 on the final piece: SHA-256 of the whole payload; empty = not stated
   * @param abortStatus on a final piece of a Result's payload: the payload ended early with this
   *     status (never OK); null = the payload is complete
   * @param abortMessage why, when {@code abortStatus} is set; else empty
   */
  record Chunk(long callId, boolean forResult, long offset, ByteBuffer data, boolean last, byte[] sha256,
      TaskStatus abortStatus, String abortMessage) implements LinkMessage {
    private static final byte[] NONE = new byte[0];

    public Chunk {
      Objects.requireNonNull(data, "data");
      sha256 = sha256 == null ? NONE : sha256;
      abortMessage = abortMessage == null ? "" : abortMessage;
      if (abortStatus == TaskStatus.OK) {
        throw new IllegalArgumentException("a payload is aborted with a status other than OK");
      }
    }

    /** A piece that is not the last one. */
    static Chunk piece(long callId, boolean forResult, long offset, ByteBuffer data) {
      return new Chunk(callId, forResult, offset, data, false, NONE, null, "");
    }

    /** The final piece of a stream, stating no digest (see {@link OutboundStream}). */
    static Chunk last(long callId, boolean forResult, long offset, ByteBuffer data) {
      return new Chunk(callId, forResult, offset, data, true, NONE, null, "");
    }

    /** The final piece, with the whole payload's digest. */
    static Chunk last(long callId, boolean forResult, long offset, ByteBuffer data, byte[] sha256) {
      return new Chunk(callId, forResult, offset, data, true, sha256, null, "");
    }

    /** Ends a Result's payload early: the task failed while streaming it. */
    static Chunk abort(long callId, long offset, TaskStatus status, String message) {
      return new Chunk(callId, true, offset, ByteBuffer.allocate(0), true, NONE, status, message);
    }

    /** The number of payload bytes this piece carries. */
    int size() {
      return data.remaining();
    }
  }

  /**
   * Credit for a chunked payload: its sender may send {@code bytes} more.
   *
   * @param callId the caller's call ID
   * @param forResult the credit is for the Result's payload (else for the Call's)
   * @param bytes positive
   */
  record WindowUpdate(long callId, boolean forResult, int bytes) implements LinkMessage {}

  /** The sender accepts no new calls on this link; calls in flight still finish. */
  record GoAway(String reason) implements LinkMessage {
    public GoAway {
      reason = reason == null ? "" : reason;
    }
  }
}
