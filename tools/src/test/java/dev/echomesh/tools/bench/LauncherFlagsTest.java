package dev.echomesh.tools.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class LauncherFlagsTest {

  @Test
  void parse_optsListWithCommentsAndBlankLines_returnsEachFlag() {
    String script =
        String.join(
            "\n",
            "#!/usr/bin/env bash",
            "java=java",
            "opts=(",
            "  -XX:+UseSerialGC",
            "",
            "  # a comment line",
            "  -Xmx256m   # trailing comment",
            "  -Xss512k -XX:-UsePerfData",
            ")",
            "if [[ \"$1\" != agent ]]; then",
            "  opts+=(-XX:TieredStopAtLevel=1)",
            "fi");

    assertEquals(
        List.of("-XX:+UseSerialGC", "-Xmx256m", "-Xss512k", "-XX:-UsePerfData"), LauncherFlags.parse(script));
  }

  @Test
  void parse_oneLineList_returnsItsFlags() {
    assertEquals(List.of("-Xmx1g", "-Xss1m"), LauncherFlags.parse("opts=(-Xmx1g -Xss1m)\n"));
  }

  @Test
  void parse_noOptsList_isRefusedWithAReason() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> LauncherFlags.parse("exec java -jar x.jar\n"));
    assertEquals("the launcher script has no complete opts=( ... ) list", e.getMessage());
  }

  @Test
  void parse_unterminatedList_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> LauncherFlags.parse("opts=(\n -Xmx1g\n"));
  }
}
