package dev.echomesh.tools;

import dev.echomesh.agent.task.TaskStatus;

/** What the task-calling commands share. */
final class Calls {

  private Calls() {}

  /** The stderr line of a call that did not end OK: {@code STATUS: message}, or {@code STATUS}. */
  static String statusLine(TaskStatus status, String message) {
    String oneLine = ErrorHandlers.firstLine(message);
    return oneLine.isEmpty() ? status.name() : status.name() + ": " + oneLine;
  }
}
