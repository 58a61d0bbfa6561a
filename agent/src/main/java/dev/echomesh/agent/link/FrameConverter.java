package dev.echomesh.agent.link;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnsafeByteOperations;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.proto.Call;
import dev.echomesh.proto.Cancel;
import dev.echomesh.proto.Chunk;
import dev.echomesh.proto.Frame;
import dev.echomesh.proto.GoAway;
import dev.echomesh.proto.Hello;
import dev.echomesh.proto.Result;
import dev.echomesh.proto.Status;
import dev.echomesh.proto.WindowUpdate;

/**
 * The one place where wire frames ({@code dev.echomesh.proto}) and link messages meet, and
 * where the wire {@code Status} and {@link TaskStatus} are converted.
 *
 * <p>Outgoing payloads are wrapped, not copied: a payload handed to the link must not change
 * afterwards. Incoming payloads are copied out of the frame into fresh arrays, exactly once:
 * the decoder parses with aliasing ({@link FrameDecoder}), so a frame's bytes fields are views
 * of the receive buffer, and nothing returned by {@link #fromFrame} may keep such a view.
 */
final class FrameConverter {

  /**
   * Longest status message put on the wire, in characters; longer ones are cut. Keeps a
   * Result's size governed by its payload, which the link checks against the frame limit.
   */
  static final int MAX_MESSAGE_CHARS = 4096;

  /** Bytes a Call or Result frame needs beyond its strings and payload (tags, IDs, lengths). */
  private static final int FIXED_OVERHEAD_BYTES = 64;
  /** The most bytes one Java char takes in UTF-8. */
  private static final int MAX_UTF8_BYTES_PER_CHAR = 3;

  private static final byte[] EMPTY = new byte[0];

  private FrameConverter() {}

  static Frame toFrame(LinkMessage message) {
    Frame.Builder frame = Frame.newBuilder();
    if (message instanceof LinkMessage.Result r) {
      TaskResult result = r.result();
      frame.setResult(Result.newBuilder()
          .setCallId(r.callId())
          .setStatus(toWire(result.status()))
          .setMessage(truncate(result.message()))
          .setPayload(wrap(result.payload()))
          .setChunked(r.chunked()));
    } else if (message instanceof LinkMessage.Chunk c) {
      frame.setChunk(chunk(c));
    } else if (message instanceof LinkMessage.WindowUpdate w) {
      frame.setWindowUpdate(WindowUpdate.newBuilder()
          .setCallId(w.callId()).setForResult(w.forResult()).setBytes(w.bytes()));
    } else if (message instanceof LinkMessage.Call c) {
      frame.setCall(Call.newBuilder()
          .setCallId(c.callId())
          .setTask(c.task())
          .setPayload(wrap(c.payload()))
          .setTimeoutMillis((int) Math.min(c.timeoutMillis(), 0xFFFF_FFFFL))
          .setChunked(c.chunked())
          .setIdempotencyKey(wrap(c.idempotencyKey())));
    } else if (message instanceof LinkMessage.Cancel c) {
      frame.setCancel(Cancel.newBuilder().setCallId(c.callId()).setReason(truncate(c.reason())));
    } else if (message instanceof LinkMessage.Hello h) {
      frame.setHello(Hello.newBuilder()
          .setProtocolVersion(h.protocolVersion())
          .setNodeId(ByteString.copyFrom(h.nodeId().toBytes()))
          .setName(truncate(h.name()))
          .setMaxInFlightCalls(h.maxInFlightCalls())
          .setAgentVersion(truncate(h.agentVersion()))
          .setUdpPort(h.udpPort())
          .setLinkPort(h.linkPort())
          .setMaxFrameBytes(h.maxFrameBytes())
          .setMinProtocolVersion(h.minProtocolVersion()));
    } else if (message instanceof LinkMessage.GoAway g) {
      frame.setGoAway(GoAway.newBuilder().setReason(truncate(g.reason())));
    } else {
      throw new IllegalArgumentException("this agent does not send " + message);
    }
    return frame.build();
  }

  static LinkMessage fromFrame(Frame frame) throws MalformedFrameException {
    switch (frame.getBodyCase()) {
      case RESULT:
        Result r = frame.getResult();
        return new LinkMessage.Result(r.getCallId(), new TaskResult(
            fromWire(r.getStatus()), r.getMessage(), bytes(r.getPayload())), r.getChunked());
      case CALL:
        Call c = frame.getCall();
        return new LinkMessage.Call(c.getCallId(), c.getTask(), bytes(c.getPayload()),
            Integer.toUnsignedLong(c.getTimeoutMillis()), c.getChunked(), bytes(c.getIdempotencyKey()));
      case CANCEL:
        return new LinkMessage.Cancel(frame.getCancel().getCallId(), frame.getCancel().getReason());
      case HELLO:
        return hello(frame.getHello());
      case CHUNK:
        return chunk(frame.getChunk());
      case WINDOW_UPDATE:
        WindowUpdate w = frame.getWindowUpdate();
        if (w.getBytes() <= 0) {
          throw new MalformedFrameException("a WindowUpdate of " + Integer.toUnsignedString(w.getBytes())
              + " bytes (must be 1 to " + Integer.MAX_VALUE + ")");
        }
        return new LinkMessage.WindowUpdate(w.getCallId(), w.getForResult(), w.getBytes());
      case GO_AWAY:
        return new LinkMessage.GoAway(frame.getGoAway().getReason());
      case BODY_NOT_SET:
      default:
        throw new MalformedFrameException("a frame without a body (or of a kind this agent does not know)");
    }
  }

  /**
   * An upper bound of the size of a Call or Result frame carrying a string of
   * {@code textChars} characters (task name or status message) and {@code payloadBytes}.
   */
  static long frameBytesBound(int textChars, int payloadBytes) {
    return payloadBytes + (long) MAX_UTF8_BYTES_PER_CHAR * Math.min(textChars, Integer.MAX_VALUE / 4)
        + FIXED_OVERHEAD_BYTES;
  }

  /** {@link #frameBytesBound} of a Result frame carrying {@code result}. */
  static long frameBytesBound(TaskResult result) {
    return frameBytesBound(Math.min(result.message().length(), MAX_MESSAGE_CHARS), result.payload().length);
  }

  /** The wire status of {@code status}. */
  static Status toWire(TaskStatus status) {
    switch (status) {
      case OK: return Status.STATUS_OK;
      case NOT_FOUND: return Status.STATUS_NOT_FOUND;
      case DENIED: return Status.STATUS_DENIED;
      case INVALID: return Status.STATUS_INVALID;
      case FAILED: return Status.STATUS_FAILED;
      case TIMEOUT: return Status.STATUS_TIMEOUT;
      case OVERLOADED: return Status.STATUS_OVERLOADED;
      case CANCELLED: return Status.STATUS_CANCELLED;
      case UNAVAILABLE: return Status.STATUS_UNAVAILABLE;
      default: throw new IllegalArgumentException("no wire status for " + status);
    }
  }

  /**
   * The task status of a wire status. A missing or unknown status (a peer speaking a newer or
   * broken protocol) becomes FAILED, so the caller sees a failure rather than a false OK.
   */
  static TaskStatus fromWire(Status status) {
    switch (status) {
      case STATUS_OK: return TaskStatus.OK;
      case STATUS_NOT_FOUND: return TaskStatus.NOT_FOUND;
      case STATUS_DENIED: return TaskStatus.DENIED;
      case STATUS_INVALID: return TaskStatus.INVALID;
      case STATUS_FAILED: return TaskStatus.FAILED;
      case STATUS_TIMEOUT: return TaskStatus.TIMEOUT;
      case STATUS_OVERLOADED: return TaskStatus.OVERLOADED;
      case STATUS_CANCELLED: return TaskStatus.CANCELLED;
      case STATUS_UNAVAILABLE: return TaskStatus.UNAVAILABLE;
      case STATUS_UNSPECIFIED:
      case UNRECOGNIZED:
      default:
        return TaskStatus.FAILED;
    }
  }

  /**
   * Bytes a Chunk frame needs beyond its data: tags, IDs, offset, digest, and an abort message
   * (which only comes on chunks without data) of at most {@link #MAX_ABORT_MESSAGE_CHARS}.
   */
  static final int CHUNK_OVERHEAD_BYTES = 128 + MAX_UTF8_BYTES_PER_CHAR * 256;
  /** Longest abort message of a Chunk, in characters; longer ones are cut. */
  static final int MAX_ABORT_MESSAGE_CHARS = 256;

  /** The most payload bytes one Chunk fits in a frame of {@code maxFrameBytes}. */
  static int maxChunkData(int maxFrameBytes) {
    return Math.max(1, maxFrameBytes - CHUNK_OVERHEAD_BYTES);
  }

  private static Chunk.Builder chunk(LinkMessage.Chunk c) {
    Chunk.Builder chunk = Chunk.newBuilder()
        .setCallId(c.callId())
        .setForResult(c.forResult())
        .setOffset(c.offset())
        .setData(c.size() == 0 ? ByteString.EMPTY : UnsafeByteOperations.unsafeWrap(c.data().duplicate()))
        .setLast(c.last());
    if (c.sha256().length > 0) {
      chunk.setSha256(ByteString.copyFrom(c.sha256()));
    }
    if (c.abortStatus() != null) {
      String why = c.abortMessage();
      chunk.setAbortStatus(toWire(c.abortStatus()))
          .setAbortMessage(why.length() <= MAX_ABORT_MESSAGE_CHARS ? why : why.substring(0, MAX_ABORT_MESSAGE_CHARS));
    }
    return chunk;
  }

  private static LinkMessage.Chunk chunk(Chunk c) throws MalformedFrameException {
    if (c.getSha256().size() != 0 && c.getSha256().size() != 32) {
      throw new MalformedFrameException("a Chunk whose SHA-256 is " + c.getSha256().size() + " bytes instead of 32");
    }
    TaskStatus abort = null;
    if (c.getAbortStatus() != Status.STATUS_UNSPECIFIED) {
      abort = fromWire(c.getAbortStatus());
      if (abort == TaskStatus.OK || !c.getLast() || !c.getForResult()) {
        throw new MalformedFrameException("a Chunk that aborts a payload must be the last of a Result's, with a"
            + " status other than OK");
      }
    }
    return new LinkMessage.Chunk(c.getCallId(), c.getForResult(), c.getOffset(),
        ChunkBuffers.SHARED.copyOf(c.getData()), c.getLast(), c.getSha256().toByteArray(), abort, c.getAbortMessage());
  }

  private static LinkMessage.Hello hello(Hello h) throws MalformedFrameException {
    if (h.getNodeId().size() != NodeId.LENGTH_BYTES) {
      throw new MalformedFrameException("a Hello whose node ID is " + h.getNodeId().size()
          + " bytes instead of " + NodeId.LENGTH_BYTES);
    }
    return new LinkMessage.Hello(h.getProtocolVersion(), NodeId.fromBytes(h.getNodeId().toByteArray()),
        h.getName(), h.getMaxInFlightCalls(), h.getAgentVersion(), h.getUdpPort(), h.getLinkPort(),
        h.getMaxFrameBytes(), h.getMinProtocolVersion());
  }

  private static ByteString wrap(byte[] payload) {
    return payload.length == 0 ? ByteString.EMPTY : UnsafeByteOperations.unsafeWrap(payload);
  }

  private static byte[] bytes(ByteString payload) {
    return payload.isEmpty() ? EMPTY : payload.toByteArray();
  }

  private static String truncate(String text) {
    return text.length() <= MAX_MESSAGE_CHARS ? text : text.substring(0, MAX_MESSAGE_CHARS);
  }
}
