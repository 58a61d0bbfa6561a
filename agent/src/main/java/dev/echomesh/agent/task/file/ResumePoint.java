package dev.echomesh.agent.task.file;

import java.util.Objects;

/**
 * What the receiver already holds of a file: the length of its partial file and digests a sender
 * checks against its own bytes before continuing from there. Either check is safe to use: the
 * full prefix digest proves the whole prefix at the cost of reading it on the sender; the window
 * digest (the last {@link ReceiveLimits#resumeWindowBytes()} of the prefix) catches a changed or
 * different file cheaply, and anything it misses is caught by the SHA-256 of the whole file at
 * commit (which deletes the partial file, so the next attempt starts from 0).
 *
 * @param lengthBytes bytes in the partial file; 0 when there is none
 * @param prefixSha256 SHA-256 of bytes {@code [0, lengthBytes)}
 * @param windowOffset where the window starts: {@code max(0, lengthBytes - resumeWindowBytes)}
 * @param windowSha256 SHA-256 of bytes {@code [windowOffset, lengthBytes)}
 */
public record ResumePoint(long lengthBytes, Sha256 prefixSha256, long windowOffset, Sha256 windowSha256) {

  public ResumePoint {
    Objects.requireNonNull(prefixSha256, "prefixSha256");
    Objects.requireNonNull(windowSha256, "windowSha256");
    if (lengthBytes < 0 || windowOffset < 0 || windowOffset > lengthBytes) {
      throw new IllegalArgumentException("need 0 <= windowOffset <= lengthBytes, got " + windowOffset
          + " and " + lengthBytes);
    }
  }

  /** Whether there is something to resume. */
  public boolean isResumable() {
    return lengthBytes > 0;
  }
}
