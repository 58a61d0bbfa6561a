package dev.echomesh.agent.task.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.task.TaskStatus;
import dev.echomesh.agent.task.file.Sha256;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BatchAnswerTest {

  @Test
  void parse_ofToJson_roundTripsEachKind() throws Exception {
    Sha256 sha = Sha256.digest(new byte[] {1});
    for (BatchAnswer answer : new BatchAnswer[] {
        new BatchAnswer("a/b.txt", TaskStatus.OK, "", 1, Optional.of(sha), true),
        BatchAnswer.refused("../x", TaskStatus.INVALID, "bad name"),
        BatchAnswer.batchEnded(TaskStatus.INVALID, "the rest was not read")}) {
      assertEquals(answer, BatchAnswer.parse(HeaderLine.parse(HeaderLine.bytes(answer.toJson()))));
    }
  }

  @Test
  void endsBatch_onlyWithoutAName() {
    assertTrue(BatchAnswer.batchEnded(TaskStatus.INVALID, "x").endsBatch());
    assertEquals(false, BatchAnswer.refused("a", TaskStatus.INVALID, "x").endsBatch());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "{}",
      "{\"name\": \"a\", \"status\": \"MAYBE\"}",
      "{\"name\": \"a\", \"status\": 1}",
      "{\"status\": \"OK\", \"bytes\": 1, \"sha256\": \"ZERO\"}",
      "{\"name\": \"a\", \"status\": \"OK\", \"bytes\": 1}",
      "{\"name\": \"a\", \"status\": \"OK\", \"bytes\": -1, \"sha256\": \"ZERO\"}"})
  void parse_malformed_isABadHeader(String json) {
    byte[] line = json.replace("ZERO", "00".repeat(Sha256.BYTES)).getBytes(StandardCharsets.UTF_8);
    assertThrows(BadHeaderException.class, () -> BatchAnswer.parse(HeaderLine.parse(line)));
  }
}
