package dev.echomesh.agent.link;

/** Why a connection's byte stream was refused; each closes that connection only. */
public enum FrameError {
  /** The length prefix announced more than the frame limit; the body was never buffered. */
  OVERSIZED,
  /** Bytes that are not a frame: a bad length prefix, unparsable protobuf, or no body. */
  MALFORMED,
  /** The connection closed in the middle of a frame. */
  TRUNCATED,
  /** A well-formed frame that breaks the protocol (e.g. a Call before Hello). */
  PROTOCOL
}
