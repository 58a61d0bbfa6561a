package dev.echomesh.agent.control;

import java.io.IOException;
import java.util.Objects;

/** A control request the agent refused or could not carry out, with the reason. */
public class ControlException extends IOException {

  private final ControlError error;

  public ControlException(ControlError error, String message) {
    this(error, message, null);
  }

  public ControlException(ControlError error, String message, Throwable cause) {
    super(message, cause);
    this.error = Objects.requireNonNull(error, "error");
  }

  /** Which kind of failure this is. */
  public ControlError error() {
    return error;
  }
}
