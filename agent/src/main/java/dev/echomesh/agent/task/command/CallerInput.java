package dev.echomesh.agent.task.command;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a caller gives one run of a command task: arguments added after the declared command, and
 * the bytes for the program's stdin.
 *
 * <p>A task that declares no argument patterns takes the payload as stdin, byte for byte, and
 * no arguments. A task that declares patterns takes a JSON object as payload:
 *
 * <pre>{"args": ["disk", "eth0"], "stdin": "text for the program"}</pre>
 *
 * <p>Both fields are optional ({@code args} defaults to none, {@code stdin} to empty); any
 * other field is refused. There may be at most as many arguments as patterns; argument i must
 * match pattern i in full, hold no NUL character and have at most 4096 characters. Whatever the
 * content, an argument reaches the program as one literal argv word: no shell ever sees it.
 */
record CallerInput(List<String> args, byte[] stdin) {

  /** Longest caller argument, in characters; also bounds the work of a pattern match. */
  static final int MAX_ARGUMENT_CHARS = 4096;

  private static final ObjectMapper JSON = new ObjectMapper()
      .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

  CallerInput {
    args = List.copyOf(args);
  }

  /** Why a payload cannot run; the message names the field or argument index. */
  static final class InvalidInputException extends Exception {
    InvalidInputException(String message) {
      super(message);
    }
  }

  /**
   * Reads {@code payload} as {@code spec} declares it.
   *
   * @throws InvalidInputException when the payload is not what the task accepts; nothing runs
   */
  static CallerInput parse(CommandTaskSpec spec, byte[] payload) throws InvalidInputException {
    if (!spec.acceptsArguments()) {
      return new CallerInput(List.of(), payload);
    }
    JsonNode root = readObject(payload);
    List<String> args = new ArrayList<>();
    byte[] stdin = new byte[0];
    for (Iterator<String> fields = root.fieldNames(); fields.hasNext(); ) {
      String field = fields.next();
      JsonNode value = root.get(field);
      switch (field) {
        case "args" -> args = readArgs(value, spec.args());
        case "stdin" -> {
          if (!value.isTextual()) {
            throw new InvalidInputException("\"stdin\" must be a string");
          }
          stdin = value.textValue().getBytes(StandardCharsets.UTF_8);
        }
        default -> throw new InvalidInputException("unknown field \"" + shorten(field)
            + "\" (the payload of task '" + spec.name() + "' is {\"args\": [...], \"stdin\": \"...\"})");
      }
    }
    return new CallerInput(args, stdin);
  }

  private static JsonNode readObject(byte[] payload) throws InvalidInputException {
    JsonNode root;
    try {
      root = JSON.readTree(payload);
    } catch (JsonProcessingException e) {
      throw new InvalidInputException("the payload is not JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new InvalidInputException("the payload cannot be read as JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new InvalidInputException("the payload must be a JSON object {\"args\": [...], \"stdin\": \"...\"}");
    }
    return root;
  }

  private static List<String> readArgs(JsonNode value, List<Pattern> patterns) throws InvalidInputException {
    if (!value.isArray()) {
      throw new InvalidInputException("\"args\" must be an array of strings");
    }
    if (value.size() > patterns.size()) {
      throw new InvalidInputException("at most " + patterns.size() + " arguments are allowed, got " + value.size());
    }
    List<String> args = new ArrayList<>(value.size());
    for (int i = 0; i < value.size(); i++) {
      JsonNode arg = value.get(i);
      if (!arg.isTextual()) {
        throw new InvalidInputException("argument " + i + " must be a string");
      }
      String text = arg.textValue();
      if (text.length() > MAX_ARGUMENT_CHARS) {
        throw new InvalidInputException("argument " + i + " is longer than " + MAX_ARGUMENT_CHARS + " characters");
      }
      if (text.indexOf('\0') >= 0) {
        throw new InvalidInputException("argument " + i + " contains a NUL character");
      }
      if (!patterns.get(i).matcher(text).matches()) {
        throw new InvalidInputException("argument " + i + " does not match its pattern " + patterns.get(i).pattern());
      }
      args.add(text);
    }
    return args;
  }

  private static String shorten(String text) {
    return text.length() <= 32 ? text : text.substring(0, 32) + "...";
  }
}
