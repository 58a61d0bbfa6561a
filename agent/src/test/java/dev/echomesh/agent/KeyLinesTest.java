package dev.echomesh.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class KeyLinesTest {

  private static final KeyLines LINES = KeyLines.of("""
      # comment
      name = "a"
      link.port = 1
      [liveness]
        ping-interval = "1s"
      "quoted key" = 2
      [tasks."my.task"]
      allow = [
        "x = y",
      ]
      [discovery]
      inline = { a = 1 }
      """);

  @Test
  void lineOf_topLevelDottedTableAndQuotedKeys() {
    assertEquals(2, LINES.lineOf("name"));
    assertEquals(3, LINES.lineOf("link.port"));
    assertEquals(5, LINES.lineOf("liveness.ping-interval"));
    assertEquals(6, LINES.lineOf("liveness.quoted key"));
    assertEquals(8, LINES.lineOf("tasks.my.task.allow"));
  }

  @Test
  void lineOf_keyNotWritten_lineOfItsNearestParent() {
    assertEquals(12, LINES.lineOf("discovery.inline.a"));
    assertEquals(4, LINES.lineOf("liveness.dead-after"));
    assertEquals(0, LINES.lineOf("executor.threads"));
  }
}
