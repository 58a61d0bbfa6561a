package dev.echomesh.agent.link;

/** A frame that parsed as protobuf but breaks the protocol (no body, a bad node ID, ...). */
final class MalformedFrameException extends Exception {

  private static final long serialVersionUID = 1L;

  MalformedFrameException(String reason) {
    super(reason);
  }
}
