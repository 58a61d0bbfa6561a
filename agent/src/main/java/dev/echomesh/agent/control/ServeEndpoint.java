package dev.echomesh.agent.control;

import com.fasterxml.jackson.databind.JsonNode;
import dev.echomesh.agent.Agent;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskInfo;
import dev.echomesh.agent.task.internal.TaskRegistry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code POST /v1/serve}: a program registers tasks ({@code {"tasks": [{"name", "description",
 * "concurrency", "allow"}]}}) and gets a Server-Sent Events stream of the calls to answer, for as long as
 * the connection lives. Counts against the stream limit.
 */
final class ServeEndpoint implements Endpoint {

  /** Longest task description accepted, in characters. */
  static final int MAX_DESCRIPTION_CHARS = 200;

  private final Agent agent;
  private final ControlConfig config;
  private final ServedTasks served;
  private final Slots streams;

  ServeEndpoint(Agent agent, ControlConfig config, ServedTasks served, Slots streams) {
    this.agent = agent;
    this.config = config;
    this.served = served;
    this.streams = streams;
  }

  @Override
  public void handle(ApiRequest request, ApiExchange exchange) throws ControlException {
    List<ServedTask> tasks = parse(request.json());
    if (!streams.tryAcquire()) {
      throw new ControlException(
          ControlError.BUSY, "the agent has " + streams.max() + " streams open; retry shortly");
    }
    ServeSession session;
    try {
      Set<String> own =
          agent.tasks().stream()
              .filter(task -> !TaskInfo.EXTERNAL_PROGRAM.equals(task.origin()))
              .map(TaskInfo::name)
              .collect(Collectors.toSet());
      session = served.register(tasks, own);
    } catch (ControlException | RuntimeException e) {
      streams.release();
      throw e;
    }
    SseStream stream = exchange.stream();
    exchange.onClose(
        () -> {
          served.unregister(session);
          streams.release();
        });
    session.attach(stream);
  }

  private List<ServedTask> parse(JsonNode body) throws ControlException {
    JsonNode array = body.get("tasks");
    if (array == null || !array.isArray() || array.isEmpty()) {
      throw malformed("the body must be {\"tasks\": [{\"name\": ...}, ...]} with at least one task");
    }
    if (array.size() > config.maxTasksPerProgram()) {
      throw new ControlException(
          ControlError.TOO_MANY_TASKS,
          "a program may serve at most " + config.maxTasksPerProgram() + " tasks, asked for "
              + array.size());
    }
    List<ServedTask> tasks = new ArrayList<>(array.size());
    for (JsonNode task : array) {
      JsonNode name = task.get("name");
      if (name == null || !name.isTextual() || !TaskRegistry.TASK_NAME.matcher(name.asText()).matches()) {
        throw malformed("a task name must be 1 to 64 letters, digits, '.', '-' or '_', got " + name);
      }
      JsonNode description = task.path("description");
      if (!description.isMissingNode() && !description.isTextual()) {
        throw malformed("the description of '" + name.asText() + "' must be a string");
      }
      if (description.asText().length() > MAX_DESCRIPTION_CHARS) {
        throw malformed(
            "the description of '" + name.asText() + "' is over " + MAX_DESCRIPTION_CHARS + " characters");
      }
      JsonNode concurrency = task.path("concurrency");
      int calls = concurrency.isMissingNode() ? 1 : concurrency.asInt(0);
      if (!concurrency.isMissingNode() && !concurrency.isIntegralNumber()
          || calls < 1
          || calls > config.maxTaskConcurrency()) {
        throw malformed(
            "the concurrency of '" + name.asText() + "' must be a whole number from 1 to "
                + config.maxTaskConcurrency() + ", got " + concurrency);
      }
      tasks.add(
          new ServedTask(
              name.asText(),
              ApiJson.oneLine(description.asText()),
              calls,
              allowedCallers(name.asText(), task.path("allow"))));
    }
    return tasks;
  }

  /** The task's {@code allow} list: null when absent (every member), else its node IDs. */
  private static Set<NodeId> allowedCallers(String task, JsonNode allow) throws ControlException {
    if (allow.isMissingNode()) {
      return null;
    }
    if (!allow.isArray()) {
      throw malformed("the allow list of '" + task + "' must be an array of node IDs");
    }
    if (allow.size() > ServedTask.MAX_ALLOWED_CALLERS) {
      throw malformed(
          "the allow list of '" + task + "' has " + allow.size() + " node IDs; at most "
              + ServedTask.MAX_ALLOWED_CALLERS + " are allowed");
    }
    Set<NodeId> callers = new HashSet<>();
    for (JsonNode id : allow) {
      try {
        if (!id.isTextual()) {
          throw new IllegalArgumentException("not a string");
        }
        callers.add(NodeId.parse(id.asText()));
      } catch (IllegalArgumentException e) {
        throw malformed(
            "the allow list of '" + task + "' holds " + ApiJson.oneLine(shorten(id.toString()))
                + ", which is not a node ID (" + e.getMessage() + ")");
      }
    }
    return callers;
  }

  private static String shorten(String text) {
    return text.length() <= 80 ? text : text.substring(0, 80) + "...";
  }

  private static ControlException malformed(String message) {
    return new ControlException(ControlError.MALFORMED_REQUEST, message);
  }
}
