package dev.echomesh.agent.task.command;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallerInputTest {

  private static final CommandTaskSpec STDIN_ONLY = CommandTaskSpec.builder("t").command(List.of("/bin/cat")).build();
  private static final CommandTaskSpec TWO_ARGS = CommandTaskSpec.builder("t").command(List.of("/bin/cat"))
      .args(List.of("^[a-z]{1,16}$", "[0-9]+")).build();

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void parse_taskWithoutArgs_takesPayloadAsStdinVerbatim() throws Exception {
    byte[] payload = {'{', 0, (byte) 0xff, '}'};

    CallerInput input = CallerInput.parse(STDIN_ONLY, payload);

    assertEquals(List.of(), input.args());
    assertArrayEquals(payload, input.stdin());
  }

  @Test
  void parse_argsAndStdin_readsBoth() throws Exception {
    CallerInput input = CallerInput.parse(TWO_ARGS, utf8("{\"args\": [\"disk\", \"7\"], \"stdin\": \"héllo\"}"));

    assertEquals(List.of("disk", "7"), input.args());
    assertEquals("héllo", new String(input.stdin(), StandardCharsets.UTF_8));
  }

  @Test
  void parse_emptyObject_meansNoArgsAndEmptyStdin() throws Exception {
    CallerInput input = CallerInput.parse(TWO_ARGS, utf8("{}"));

    assertEquals(List.of(), input.args());
    assertEquals(0, input.stdin().length);
  }

  @Test
  void parse_fewerArgsThanPatterns_isAccepted() throws Exception {
    assertEquals(List.of("disk"), CallerInput.parse(TWO_ARGS, utf8("{\"args\": [\"disk\"]}")).args());
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(delimiter = '|', textBlock = """
      not json                                      | not JSON
      ''                                            | must be a JSON object
      [1]                                           | must be a JSON object
      {"args": "disk"}                              | "args" must be an array
      {"args": [1]}                                 | argument 0 must be a string
      {"args": ["a", "b"]}                          | argument 1 does not match its pattern [0-9]+
      {"args": ["a;rm -rf /"]}                      | argument 0 does not match
      {"args": ["$(id)"]}                           | argument 0 does not match
      {"args": ["`id`"]}                            | argument 0 does not match
      {"args": ["abc\\n"]}                          | argument 0 does not match
      {"args": ["a", "1", "2"]}                     | at most 2 arguments
      {"args": ["a\\u0000"]}                        | argument 0 contains a NUL
      {"stdin": 5}                                  | "stdin" must be a string
      {"argv": []}                                  | unknown field "argv"
      {"args": ["a"], "args": ["b"]}                | not JSON
      {"args": ["a"]} trailing                      | not JSON
      """)
  void parse_badPayload_isRefusedWithReason(String payload, String reason) {
    CallerInput.InvalidInputException e = assertThrows(CallerInput.InvalidInputException.class,
        () -> CallerInput.parse(TWO_ARGS, utf8(payload)));

    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  @Test
  void parse_overlongArgument_isRefusedBeforeMatching() {
    CommandTaskSpec anything =
        CommandTaskSpec.builder("t").command(List.of("/bin/cat")).args(List.of("(?s).*")).build();
    String payload = "{\"args\": [\"" + "a".repeat(CallerInput.MAX_ARGUMENT_CHARS + 1) + "\"]}";

    CallerInput.InvalidInputException e = assertThrows(CallerInput.InvalidInputException.class,
        () -> CallerInput.parse(anything, utf8(payload)));

    assertTrue(e.getMessage().contains("longer than"), e.getMessage());
  }
}
