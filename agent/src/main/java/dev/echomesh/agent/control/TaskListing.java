package dev.echomesh.agent.control;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskInfo;
import dev.echomesh.agent.task.TaskStatus;
import java.util.List;
import java.util.Objects;

/**
 * The tasks one node offers, or why they could not be listed.
 *
 * @param node whose tasks these are
 * @param nodeName its name
 * @param status OK when {@code tasks} is the node's list; otherwise the status of the call that
 *     asked the peer (e.g. UNAVAILABLE), and {@code tasks} is empty
 * @param message why the list is missing; empty on OK
 * @param tasks the tasks, by name
 */
public record TaskListing(
    NodeId node, String nodeName, TaskStatus status, String message, List<TaskInfo> tasks) {

  public TaskListing {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(status, "status");
    nodeName = nodeName == null ? "" : nodeName;
    message = message == null ? "" : message;
    tasks = List.copyOf(tasks);
  }
}
