package dev.echomesh.agent.task.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class PrintableTest {

  static Stream<Arguments> texts() {
    return Stream.of(
        Arguments.of("plain.txt", "'plain.txt'"),
        Arguments.of("a" + (char) 0 + "b", "'a\\u0000b'"),
        Arguments.of("a\nb", "'a\\u000Ab'"),
        Arguments.of("x" + (char) 0x202E + "y", "'x\\u202Ey'"),
        Arguments.of("it's", "'it\\'s'"),
        Arguments.of("back\\slash", "'back\\\\slash'"),
        Arguments.of("日本", "'日本'"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("texts")
  void quote_escapesControlsQuotesAndBackslashes(String raw, String quoted) {
    assertEquals(quoted, Printable.quote(raw));
  }

  @Test
  void quote_longText_isCut() {
    String quoted = Printable.quote("x".repeat(10_000));
    assertTrue(quoted.length() <= Printable.MAX_CHARS + 8, quoted);
    assertTrue(quoted.endsWith("...'"));
  }
}
