package dev.echomesh.agent.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.echomesh.agent.task.TaskInfo;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the answer of a peer's built-in {@code tasks} task: a JSON array of objects with {@code
 * name}, {@code description} and (newer agents) {@code origin}, e.g. {@code
 * [{"name":"echo","description":"..."}]}. An object
 * holding such an array under {@code tasks} is accepted too.
 */
final class TaskListJson {

  private static final ObjectMapper JSON = new ObjectMapper();

  private TaskListJson() {}

  /**
   * @throws ControlException BAD_PEER_RESPONSE when the bytes are not such a list
   */
  static List<TaskInfo> parse(byte[] json) throws ControlException {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw bad("not JSON (" + e.getOriginalMessage() + ")");
    } catch (IOException e) {
      throw bad("unreadable (" + e.getMessage() + ")");
    }
    JsonNode array = root != null && root.isObject() ? root.get("tasks") : root;
    if (array == null || !array.isArray()) {
      throw bad("not a JSON array of tasks");
    }
    List<TaskInfo> tasks = new ArrayList<>(array.size());
    for (JsonNode task : array) {
      JsonNode name = task.get("name");
      if (name == null || !name.isTextual() || name.asText().isEmpty()) {
        throw bad("a task has no name");
      }
      tasks.add(
          new TaskInfo(
              name.asText(), task.path("description").asText(), task.path("origin").asText()));
    }
    return tasks;
  }

  private static ControlException bad(String why) {
    return new ControlException(
        ControlError.BAD_PEER_RESPONSE, "unusable task list from the peer: " + why);
  }
}
