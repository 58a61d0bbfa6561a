package dev.echomesh.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.task.TaskStatus;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ExitCodesTest {

  @Test
  void of_everyStatus_distinctCodeOutsideTheGeneralOnes() {
    Set<Integer> codes =
        Arrays.stream(TaskStatus.values())
            .filter(status -> status != TaskStatus.OK)
            .map(ExitCodes::of)
            .collect(Collectors.toSet());
    assertEquals(TaskStatus.values().length - 1, codes.size());
    codes.forEach(
        code ->
            assertTrue(code > ExitCodes.NO_SUCH_PEER && code < ExitCodes.PARTIAL, "code " + code));
    assertEquals(ExitCodes.OK, ExitCodes.of(TaskStatus.OK));
  }

  @Test
  void helpTable_listsEveryCode() {
    assertEquals(14, ExitCodes.helpTable().size());
    assertEquals("UNAVAILABLE: the peer could not be reached", ExitCodes.helpTable().get("12"));
  }
}
