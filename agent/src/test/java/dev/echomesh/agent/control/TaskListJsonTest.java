package dev.echomesh.agent.control;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.echomesh.agent.task.TaskInfo;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TaskListJsonTest {

  @Test
  void parse_array_tasksInOrder() throws ControlException {
    String json =
        "[{\"name\":\"echo\",\"description\":\"returns the payload\"},{\"name\":\"sysinfo\"}]";
    assertEquals(
        List.of(new TaskInfo("echo", "returns the payload"), new TaskInfo("sysinfo", "")),
        TaskListJson.parse(json.getBytes(UTF_8)));
  }

  @Test
  void parse_objectWithTasksArray_accepted() throws ControlException {
    String json = "{\"tasks\":[{\"name\":\"echo\",\"description\":\"d\",\"extra\":1}]}";
    assertEquals(List.of(new TaskInfo("echo", "d")), TaskListJson.parse(json.getBytes(UTF_8)));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "<html>",
        "{\"x\":1}",
        "[{\"description\":\"no name\"}]",
        "[{\"name\":\"\"}]",
        "42",
        "[1]"
      })
  void parse_notATaskList_badPeerResponse(String json) {
    ControlException e =
        assertThrows(ControlException.class, () -> TaskListJson.parse(json.getBytes(UTF_8)));
    assertEquals(ControlError.BAD_PEER_RESPONSE, e.error());
  }
}
