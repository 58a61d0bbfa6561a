package dev.echomesh.agent.link;

import dev.echomesh.agent.task.Dispatch;
import dev.echomesh.agent.task.TaskResult;
import java.util.Objects;

/**
 * One call to one peer as {@link LinkLayer#attempt} ends it: the result, and how far the request
 * got.
 *
 * @param result the result, or the status of the failure
 * @param dispatch {@link Dispatch#SENT} for every answer from the peer; for a failure, whether the
 *     request may have reached it
 */
public record CallAttempt(TaskResult result, Dispatch dispatch) {

  public CallAttempt {
    Objects.requireNonNull(result, "result");
    Objects.requireNonNull(dispatch, "dispatch");
  }
}
