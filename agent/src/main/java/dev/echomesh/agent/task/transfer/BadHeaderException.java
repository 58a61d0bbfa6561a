package dev.echomesh.agent.task.transfer;

import java.io.IOException;

/** A file task's header is missing, malformed, or has a field missing or out of range (INVALID). */
public final class BadHeaderException extends IOException {
  private static final long serialVersionUID = 1L;

  public BadHeaderException(String message) {
    super(message);
  }
}
