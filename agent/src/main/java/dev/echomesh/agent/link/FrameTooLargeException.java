package dev.echomesh.agent.link;

/** A frame larger than the frame limit was about to be sent; it was not. */
final class FrameTooLargeException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final long frameBytes;
  private final long maxFrameBytes;

  FrameTooLargeException(long frameBytes, long maxFrameBytes) {
    super("a frame of " + frameBytes + " bytes exceeds the limit of " + maxFrameBytes + " bytes");
    this.frameBytes = frameBytes;
    this.maxFrameBytes = maxFrameBytes;
  }

  long frameBytes() {
    return frameBytes;
  }

  long maxFrameBytes() {
    return maxFrameBytes;
  }
}
