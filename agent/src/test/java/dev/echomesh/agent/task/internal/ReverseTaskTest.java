package dev.echomesh.agent.task.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class ReverseTaskTest {

  private static TaskResult reverse(byte[] payload) {
    return new ReverseTask().handle(new TaskRequest(TaskExecutorTest.node(1), "reverse", payload, Instant.EPOCH));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({
      "hello, olleh",
      "a, a",
      "'', ''",
      "ünïcödé, édöcïnü",
      "ab😀cd, dc😀ba",
      "日本語, 語本日"})
  void handle_validUtf8_isReversedByCodePoints(String input, String expected) {
    TaskResult result = reverse(input.getBytes(StandardCharsets.UTF_8));
    assertEquals(TaskStatus.OK, result.status());
    assertEquals(expected, result.payloadAsString());
  }

  @ParameterizedTest
  @ValueSource(strings = {"C328", "FF", "E282", "EDA080", "F4908080"})
  void handle_invalidUtf8_isInvalid(String hex) {
    byte[] bytes = java.util.HexFormat.of().parseHex(hex);
    assertEquals(TaskStatus.INVALID, reverse(bytes).status());
  }

  @ParameterizedTest(name = "{0} bytes -> inline {1}")
  @CsvSource({"0, true", "4096, true", "4097, false", "1048576, false"})
  void runsInline_onlyForSmallPayloads(int size, boolean inline) {
    TaskRequest request = new TaskRequest(TaskExecutorTest.node(1), "reverse", new byte[size], Instant.EPOCH);
    assertEquals(inline, new ReverseTask().runsInline(request));
  }
}
