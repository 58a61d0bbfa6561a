package dev.echomesh.agent.task.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.echomesh.agent.task.file.InvalidNameException.Reason;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class RelativeNameTest {

  /** Hostile names and the reason each must be refused with. */
  static Stream<Arguments> hostileNames() {
    return Stream.of(
        Arguments.of("", Reason.EMPTY),
        Arguments.of("/", Reason.ABSOLUTE),
        Arguments.of("/etc/passwd", Reason.ABSOLUTE),
        Arguments.of("//etc/passwd", Reason.ABSOLUTE),
        Arguments.of("..", Reason.DOT_DOT_SEGMENT),
        Arguments.of("../x", Reason.DOT_DOT_SEGMENT),
        Arguments.of("a/../../x", Reason.DOT_DOT_SEGMENT),
        Arguments.of("a/..", Reason.DOT_DOT_SEGMENT),
        Arguments.of(".", Reason.DOT_SEGMENT),
        Arguments.of("./a", Reason.DOT_SEGMENT),
        Arguments.of("a/./b", Reason.DOT_SEGMENT),
        Arguments.of("a//b", Reason.EMPTY_SEGMENT),
        Arguments.of("a/", Reason.EMPTY_SEGMENT),
        Arguments.of("a/b/", Reason.EMPTY_SEGMENT),
        Arguments.of("a\u0000b", Reason.CONTROL_CHARACTER),
        Arguments.of("\u0000", Reason.CONTROL_CHARACTER),
        Arguments.of("../\u0000", Reason.CONTROL_CHARACTER),
        Arguments.of("a\nb", Reason.CONTROL_CHARACTER),
        Arguments.of("a\rb", Reason.CONTROL_CHARACTER),
        Arguments.of("a\tb", Reason.CONTROL_CHARACTER),
        Arguments.of("\u001b[31mred", Reason.CONTROL_CHARACTER),
        Arguments.of("a\u007fb", Reason.CONTROL_CHARACTER),
        Arguments.of("a\u0085b", Reason.CONTROL_CHARACTER),
        Arguments.of("a\u009bb", Reason.CONTROL_CHARACTER),
        Arguments.of("a\u2028b", Reason.CONTROL_CHARACTER),
        Arguments.of("a\u2029b", Reason.CONTROL_CHARACTER),
        Arguments.of("invoice\u202Efdp.exe", Reason.CONTROL_CHARACTER),
        Arguments.of("a\u2066b", Reason.CONTROL_CHARACTER),
        Arguments.of("a\u200Fb", Reason.CONTROL_CHARACTER),
        Arguments.of("a\\b", Reason.BACKSLASH),
        Arguments.of("..\\..\\windows", Reason.BACKSLASH),
        Arguments.of("C:\\x", Reason.BACKSLASH),
        Arguments.of("a\uD800b", Reason.MALFORMED_UNICODE),
        Arguments.of("a\uDC00", Reason.MALFORMED_UNICODE),
        Arguments.of("\uD83D", Reason.MALFORMED_UNICODE),
        Arguments.of("x".repeat(RelativeName.MAX_NAME_BYTES + 1), Reason.TOO_LONG),
        Arguments.of("x".repeat(1_000_000), Reason.TOO_LONG),
        Arguments.of("é".repeat(RelativeName.MAX_NAME_BYTES / 2 + 1), Reason.TOO_LONG),
        Arguments.of("x".repeat(RelativeName.MAX_SEGMENT_BYTES + 1), Reason.SEGMENT_TOO_LONG),
        Arguments.of("a/" + "é".repeat(RelativeName.MAX_SEGMENT_BYTES / 2 + 1), Reason.SEGMENT_TOO_LONG),
        Arguments.of("a/".repeat(RelativeName.MAX_DEPTH) + "a", Reason.TOO_DEEP),
        Arguments.of(".report.pdf.0123456789abcdef.part", Reason.RESERVED),
        Arguments.of("dir/.x.ffffffffffffffff.part", Reason.RESERVED));
  }

  @ParameterizedTest
  @MethodSource("hostileNames")
  void parse_hostileName_isRefusedWithReason(String name, Reason reason) {
    InvalidNameException e = assertThrows(InvalidNameException.class, () -> RelativeName.parse(name));
    assertEquals(reason, e.reason());
    assertEquals(name, e.name());
    assertFalse(e.getMessage().contains("\n"), "one-line message");
    assertFalse(e.getMessage().chars().anyMatch(c -> c < 0x20 || c == 0x7f || c == 0x202E), "escaped message");
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "a", "a/b/c.txt", "...", "..a", "a..", ".hidden", "a/.hidden/b", "with space", " leading",
      "trailing ", "ünïcödé/日本語.txt", "emoji😀.png", "family👨‍👩‍👧.jpg", "C:", "a:b", "-rf", "~",
      "$HOME", "*", "a.part", ".a.part", ".a.0123456789ABCDEF.part", ".a.0123.part", "x\u00a0y"})
  void parse_acceptableName_keepsItExactly(String name) throws InvalidNameException {
    RelativeName parsed = RelativeName.parse(name);
    assertEquals(name, parsed.toString());
    assertEquals(name, String.join("/", parsed.segments()));
  }

  @Test
  void parse_namesAtTheLimits_areAccepted() throws InvalidNameException {
    String segment = "x".repeat(RelativeName.MAX_SEGMENT_BYTES);
    assertEquals(segment, RelativeName.parse(segment).fileName());
    String deep = "a/".repeat(RelativeName.MAX_DEPTH - 1) + "a";
    assertEquals(RelativeName.MAX_DEPTH, RelativeName.parse(deep).segments().size());
  }

  @Test
  void parse_exactlyMaxBytes_isAcceptedAndOneMoreIsNot() throws InvalidNameException {
    int segments = RelativeName.MAX_NAME_BYTES / (RelativeName.MAX_SEGMENT_BYTES + 1) + 1;
    List<String> parts = new ArrayList<>();
    int left = RelativeName.MAX_NAME_BYTES - (segments - 1);
    for (int i = 0; i < segments; i++) {
      int length = Math.min(RelativeName.MAX_SEGMENT_BYTES, left - (segments - 1 - i));
      parts.add("y".repeat(length));
      left -= length;
    }
    String exact = String.join("/", parts);
    assertEquals(RelativeName.MAX_NAME_BYTES, exact.length());
    assertEquals(exact, RelativeName.parse(exact).toString());
    assertEquals(Reason.TOO_LONG,
        assertThrows(InvalidNameException.class, () -> RelativeName.parse(exact + "y")).reason());
  }

  @Test
  void segments_splitOnSlash_parentAndFileName() throws InvalidNameException {
    RelativeName name = RelativeName.parse("a/b/c.txt");
    assertEquals(List.of("a", "b", "c.txt"), name.segments());
    assertEquals(List.of("a", "b"), name.parentSegments());
    assertEquals("c.txt", name.fileName());
  }

  @Test
  void child_appendsAndChecks() throws InvalidNameException {
    RelativeName name = RelativeName.parse("a");
    assertEquals("a/b", name.child("b").toString());
    assertEquals(Reason.DOT_DOT_SEGMENT, assertThrows(InvalidNameException.class, () -> name.child("..")).reason());
  }

  @Test
  void compareTo_isDepthFirstBySegment() throws InvalidNameException {
    List<RelativeName> names = new ArrayList<>();
    for (String n : List.of("b", "a-b", "a/b", "a", "a/a/z", "a.b", "a/c")) {
      names.add(RelativeName.parse(n));
    }
    Collections.sort(names);
    assertEquals(List.of("a", "a/a/z", "a/b", "a/c", "a-b", "a.b", "b"), names.stream().map(Object::toString).toList());
  }

  @Test
  void equals_sameText_equalAndSameHash() throws InvalidNameException {
    assertEquals(RelativeName.parse("a/b"), RelativeName.parse("a/b"));
    assertEquals(RelativeName.parse("a/b").hashCode(), RelativeName.parse("a/b").hashCode());
    assertFalse(RelativeName.parse("a/b").equals(RelativeName.parse("a/c")));
  }
}
