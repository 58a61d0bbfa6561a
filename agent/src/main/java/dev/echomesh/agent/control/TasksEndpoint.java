package dev.echomesh.agent.control;

import dev.echomesh.agent.Agent;
import dev.echomesh.agent.peers.Peer;
import dev.echomesh.agent.task.TaskInfo;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.time.Duration;
import java.util.List;

/**
 * {@code GET /v1/tasks}: this agent's tasks; with {@code ?peer=P} a peer's, asked from the peer
 * itself (its built-in {@code tasks} task).
 */
final class TasksEndpoint implements Endpoint {

  /** The built-in task every agent offers that lists its tasks as JSON. */
  static final String TASKS_TASK = "tasks";

  private final Agent agent;
  private final ControlConfig config;
  private final PeerResolver resolver;

  TasksEndpoint(Agent agent, ControlConfig config, PeerResolver resolver) {
    this.agent = agent;
    this.config = config;
    this.resolver = resolver;
  }

  @Override
  public void handle(ApiRequest request, ApiExchange exchange) throws ControlException {
    String query = request.query("peer");
    if (query.isEmpty()) {
      TaskListing own =
          new TaskListing(agent.nodeId(), agent.name(), TaskStatus.OK, "", agent.tasks());
      exchange.json(HttpResponseStatus.OK, ApiJson.taskListing(own));
      return;
    }
    Peer peer = resolver.resolve(query);
    Duration timeout = request.timeout(config);
    CallResults.bounded(
            agent.call(peer.id(), TASKS_TASK, new byte[0], timeout), timeout, config.callGrace())
        .thenAccept(result -> answer(exchange, peer, result));
  }

  private static void answer(ApiExchange exchange, Peer peer, TaskResult result) {
    if (!result.isOk()) {
      exchange.json(
          HttpResponseStatus.OK,
          ApiJson.taskListing(
              new TaskListing(peer.id(), peer.name(), result.status(), result.message(), List.of())));
      return;
    }
    List<TaskInfo> tasks;
    try {
      tasks = TaskListJson.parse(result.payload());
    } catch (ControlException e) {
      exchange.error(e);
      return;
    }
    exchange.json(
        HttpResponseStatus.OK,
        ApiJson.taskListing(new TaskListing(peer.id(), peer.name(), TaskStatus.OK, "", tasks)));
  }
}
