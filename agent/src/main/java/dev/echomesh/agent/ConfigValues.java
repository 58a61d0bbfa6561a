package dev.echomesh.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.link.LinkConfig;
import dev.echomesh.agent.settings.Addresses;
import dev.echomesh.agent.settings.Durations;
import dev.echomesh.agent.settings.Setting;
import dev.echomesh.agent.settings.Sizes;
import java.net.InetSocketAddress;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Turns TOML values into setting values by the setting's {@link Setting.Kind}. */
final class ConfigValues {

  private ConfigValues() {}

  /**
   * @param baseDirectory what a relative path is relative to
   * @throws IllegalArgumentException with a one-line reason when {@code value} has the wrong type
   *     or form
   */
  static Object convert(Setting<?> setting, JsonNode value, Path baseDirectory) {
    return switch (setting.kind()) {
      case DURATION -> duration(value);
      case INTEGER -> integer(value);
      case SIZE -> size(value);
      case BOOLEAN -> {
        require(value.isBoolean(), value);
        yield value.booleanValue();
      }
      case STRING -> text(value);
      case ADDRESS -> Addresses.ipLiteral(text(value));
      case PATH -> path(text(value), baseDirectory);
      case HOST_PORT -> Addresses.hostPort(text(value));
      case STRING_LIST -> strings(value);
      case HOST_PORT_LIST -> {
        List<InetSocketAddress> peers = new ArrayList<>();
        for (String text : strings(value)) {
          peers.add(Addresses.hostPort(text, LinkConfig.DEFAULT_PORT));
        }
        yield List.copyOf(peers);
      }
      case NODE_ID_LIST -> nodeIds(value);
    };
  }

  /** An array of node IDs, as {@code echomesh id} prints them. */
  static Set<NodeId> nodeIds(JsonNode value) {
    Set<NodeId> ids = new LinkedHashSet<>();
    for (String text : strings(value)) {
      try {
        ids.add(NodeId.parse(text));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("'" + text + "': " + e.getMessage());
      }
    }
    return Set.copyOf(ids);
  }

  /** How a message names what was found, e.g. {@code 5 (an integer)}. */
  static String describe(JsonNode value) {
    if (value.isTextual()) {
      return "\"" + value.textValue() + "\" (a string)";
    }
    if (value.isIntegralNumber()) {
      return value.asText() + " (an integer)";
    }
    if (value.isNumber()) {
      return value.asText() + " (a number)";
    }
    if (value.isBoolean()) {
      return value.asText() + " (a boolean)";
    }
    if (value.isArray()) {
      return "an array";
    }
    if (value.isObject()) {
      return "a table";
    }
    return value.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
  }

  private static Object duration(JsonNode value) {
    if (value.isIntegralNumber() && value.asLong() == 0) {
      return java.time.Duration.ZERO;
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException("got " + describe(value) + ", expected " + Durations.FORMAT);
    }
    return Durations.parse(value.textValue());
  }

  private static Object size(JsonNode value) {
    if (value.isIntegralNumber() && value.canConvertToLong()) {
      return value.longValue();
    }
    if (!value.isTextual()) {
      throw new IllegalArgumentException("got " + describe(value) + ", expected " + Sizes.FORMAT);
    }
    return Sizes.parse(value.textValue());
  }

  private static Object integer(JsonNode value) {
    require(value.isIntegralNumber() && value.canConvertToInt(), value);
    return value.intValue();
  }

  private static String text(JsonNode value) {
    require(value.isTextual(), value);
    return value.textValue();
  }

  private static List<String> strings(JsonNode value) {
    require(value.isArray(), value);
    List<String> strings = new ArrayList<>();
    for (JsonNode item : value) {
      if (!item.isTextual()) {
        throw new IllegalArgumentException("an item is " + describe(item) + ", not a string");
      }
      strings.add(item.textValue());
    }
    return List.copyOf(strings);
  }

  private static Path path(String text, Path baseDirectory) {
    try {
      Path path = Path.of(text);
      return baseDirectory == null ? path : baseDirectory.resolve(path);
    } catch (InvalidPathException e) {
      throw new IllegalArgumentException("'" + text + "' is not a path: " + e.getReason());
    }
  }

  private static void require(boolean condition, JsonNode value) {
    if (!condition) {
      throw new IllegalArgumentException("got " + describe(value));
    }
  }
}
