package dev.echomesh.agent;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.settings.Setting;
import dev.echomesh.agent.settings.SettingException;
import dev.echomesh.agent.task.command.CommandTaskSpec;
import dev.echomesh.agent.task.internal.TaskRegistry;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The agent's config file, {@code <data-dir>/echomesh.toml} or the file given with
 * {@code --config}: TOML, written by people, setting any of {@link AgentConfig#SETTINGS} by its
 * key ({@code docs/config.md} lists them all). Read and checked as a whole by {@link #read}: an
 * unknown key, a value of the wrong type or out of range, or a file that is not TOML is a
 * {@link ConfigException} whose one-line message names the file, the line, the key and what is
 * allowed. {@link #applyTo} then sets the values on a builder, on top of its defaults; whatever
 * the caller sets afterwards (command-line flags) overrides the file.
 *
 * <p>Parsed with Jackson's TOML module (jackson-dataformat-toml, TOML 1.0), since Jackson is
 * already a dependency of the agent; it reports lines of syntax errors, and {@link KeyLines}
 * finds the lines of keys for the other errors.
 *
 * <p>Layout: top-level keys ({@code name}, {@code deny}), tables {@code [link]},
 * {@code [liveness]}, {@code [discovery]}, {@code [executor]}, {@code [plugins]}, {@code [calls]}, {@code [files]}, and one table
 * per task, {@code [tasks.NAME]}: with a {@code command} key it declares a command task (the keys
 * of {@link CommandTaskKeys} and {@code allow}); without, it holds only the {@code allow} list of a
 * task the node has from elsewhere.
 */
public final class ConfigFile {

  /** The file's name in the data directory. */
  public static final String FILE_NAME = "echomesh.toml";

  private static final String TASKS_PREFIX = "tasks.";
  private static final Map<String, Setting<?>> BY_KEY = AgentConfig.SETTINGS.stream()
      .filter(s -> !s.key().startsWith(TASKS_PREFIX))
      .collect(Collectors.toMap(Setting::key, s -> s, (a, b) -> a, LinkedHashMap::new));
  private static final Set<String> TABLES = Set.of("link", "liveness", "discovery", "executor", "plugins",
      "calls", "api", "files");
  private static final String TASKS_TABLE = "tasks";
  private static final String ALLOW = "allow";

  private final Path file;
  private final KeyLines lines;
  private final Map<Setting<?>, Object> values;
  private final Map<String, Set<NodeId>> allowLists;
  private final List<CommandTaskSpec> commandTasks;

  private ConfigFile(Path file, KeyLines lines, Map<Setting<?>, Object> values, Map<String, Set<NodeId>> allowLists,
      List<CommandTaskSpec> commandTasks) {
    this.file = file;
    this.lines = lines;
    this.values = values;
    this.allowLists = allowLists;
    this.commandTasks = List.copyOf(commandTasks);
  }

  /**
   * Reads and checks {@code file}.
   *
   * @throws ConfigException when it does not exist, cannot be read, is not TOML, or has an unknown
   *     key or a value its setting does not allow
   */
  public static ConfigFile read(Path file) throws ConfigException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new ConfigException(file, 0, "", "no such file");
    } catch (IOException e) {
      throw new ConfigException(file, 0, "", "cannot be read: " + e);
    }
    return parse(file, bytes);
  }

  /** Reads {@code bytes} as the content of {@code file}: UTF-8 text, then {@link #parse(Path, String)}. */
  static ConfigFile parse(Path file, byte[] bytes) throws ConfigException {
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
    } catch (CharacterCodingException e) {
      throw new ConfigException(file, 0, "", "not UTF-8 text");
    }
    return parse(file, text);
  }

  /** Reads {@code text} as the content of {@code file} (which is used in messages and for relative paths). */
  static ConfigFile parse(Path file, String text) throws ConfigException {
    JsonNode root;
    try {
      root = new TomlMapper().readTree(text);
    } catch (JacksonException e) {
      JsonLocation at = e.getLocation();
      throw new ConfigException(file, at == null ? 0 : Math.max(0, at.getLineNr()), "",
          "not valid TOML: " + e.getOriginalMessage().lines().findFirst().orElse(""));
    }
    Reader reader = new Reader(file, KeyLines.of(text));
    reader.readRoot(root == null ? new TomlMapper().createObjectNode() : root);
    return new ConfigFile(file, reader.lines, reader.values, reader.allowLists, reader.commandTasks);
  }

  /** The file read. */
  public Path file() {
    return file;
  }

  /** The value the file gives {@code setting}, or null when it does not set it. */
  @SuppressWarnings("unchecked")
  public <T> T get(Setting<T> setting) {
    return (T) values.get(setting);
  }

  /** The allow-lists of the {@code [tasks.NAME]} tables, by task name. */
  public Map<String, Set<NodeId>> allowLists() {
    return allowLists;
  }

  /** The command tasks the file declares ({@code [tasks.NAME]} tables with {@code command}), in its order. */
  public List<CommandTaskSpec> commandTasks() {
    return commandTasks;
  }

  /**
   * Sets every value the file gives on {@code config} (the rest keep the builder's values).
   *
   * @throws ConfigException when values that are fine alone conflict (e.g. a dead-after not longer
   *     than suspect-after), naming the line of the key at fault
   */
  public AgentConfig.Builder applyTo(AgentConfig.Builder config) throws ConfigException {
    try {
      SettingTargets targets = new SettingTargets(config);
      values.forEach(targets::set);
      targets.finish();
      allowLists.forEach(config::allowCallers);
      commandTasks.forEach(config::commandTask);
      return config;
    } catch (SettingException e) {
      throw error(e);
    }
  }

  /** {@code e} as a {@link ConfigException} at the line of its key in this file (0 when the file does not set it). */
  public ConfigException error(SettingException e) {
    return new ConfigException(file, lines.lineOf(e.key()), e.key(), e.getMessage());
  }

  /** Walks the parsed document once, checking every key and value. */
  private static final class Reader {
    private final Path file;
    private final KeyLines lines;
    private final Map<Setting<?>, Object> values = new LinkedHashMap<>();
    private final Map<String, Set<NodeId>> allowLists = new TreeMap<>();
    private final List<CommandTaskSpec> commandTasks = new ArrayList<>();

    Reader(Path file, KeyLines lines) {
      this.file = file;
      this.lines = lines;
    }

    void readRoot(JsonNode root) throws ConfigException {
      for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> field = it.next();
        String key = field.getKey();
        JsonNode value = field.getValue();
        if (TABLES.contains(key)) {
          requireTable(key, value);
          for (Iterator<Map.Entry<String, JsonNode>> sub = value.fields(); sub.hasNext(); ) {
            Map.Entry<String, JsonNode> inner = sub.next();
            readSetting(key + "." + inner.getKey(), inner.getValue(), "[" + key + "]");
          }
        } else if (TASKS_TABLE.equals(key)) {
          readTasks(value);
        } else {
          readSetting(key, value, "the top level");
        }
      }
    }

    private void readTasks(JsonNode tasks) throws ConfigException {
      requireTable(TASKS_TABLE, tasks);
      for (Iterator<Map.Entry<String, JsonNode>> it = tasks.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> task = it.next();
        String name = task.getKey();
        String table = TASKS_TABLE + "." + name;
        if (!TaskRegistry.TASK_NAME.matcher(name).matches()) {
          throw fail(table, table + ": '" + name + "' is not a task name (1 to 64 letters, digits, '.', '-' or '_')");
        }
        requireTable(table, task.getValue());
        JsonNode keys = task.getValue();
        if (keys.has(CommandTaskKeys.COMMAND)) {
          commandTasks.add(readCommandTask(name, keys));
        }
        for (Iterator<Map.Entry<String, JsonNode>> fields = keys.fields(); fields.hasNext(); ) {
          Map.Entry<String, JsonNode> entry = fields.next();
          String key = table + "." + entry.getKey();
          if (ALLOW.equals(entry.getKey())) {
            allowLists.put(name, nodeIds(key, entry.getValue()));
          } else if (!keys.has(CommandTaskKeys.COMMAND)) {
            throw fail(key, "unknown key " + key + "; [" + table + "] allows: " + ALLOW + ", or with "
                + CommandTaskKeys.COMMAND + " (a command task): " + commandKeys(name));
          }
        }
      }
    }

    /** A {@code [tasks.NAME]} table with {@code command}: every key but {@code allow} read into a spec. */
    private CommandTaskSpec readCommandTask(String name, JsonNode table) throws ConfigException {
      Map<String, Setting<?>> known = new LinkedHashMap<>();
      CommandTaskKeys.forTask(name).forEach(s -> known.put(s.key(), s));
      CommandTaskSpec.Builder spec = CommandTaskSpec.builder(name);
      for (Iterator<Map.Entry<String, JsonNode>> it = table.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> entry = it.next();
        String key = CommandTaskSpec.key(name, entry.getKey());
        if (ALLOW.equals(entry.getKey())) {
          continue;
        }
        Setting<?> setting = known.get(key);
        if (setting == null) {
          throw fail(key, "unknown key " + key + "; a command task [" + TASKS_TABLE + "." + name + "] allows: "
              + commandKeys(name) + ", " + ALLOW);
        }
        set(spec, entry.getKey(), check(setting, entry.getValue(), null));
      }
      try {
        return spec.build();
      } catch (SettingException e) {
        throw fail(e.key(), e.getMessage());
      }
    }

    @SuppressWarnings("unchecked")
    private static void set(CommandTaskSpec.Builder spec, String option, Object value) {
      switch (option) {
        case CommandTaskKeys.COMMAND -> spec.command((List<String>) value);
        case "description" -> spec.description((String) value);
        case "timeout" -> spec.timeout((java.time.Duration) value);
        case "max-output" -> spec.maxOutputBytes((Long) value);
        case "concurrency" -> spec.concurrency((Integer) value);
        case "workdir" -> spec.workdir((Path) value);
        case "env" -> spec.env((List<String>) value);
        case "args" -> spec.args((List<String>) value);
        default -> throw new IllegalStateException("no option " + option + " of command tasks");
      }
    }

    private static String commandKeys(String name) {
      String prefix = CommandTaskSpec.key(name, "");
      return CommandTaskKeys.forTask(name).stream().map(s -> s.key().substring(prefix.length()))
          .collect(Collectors.joining(", "));
    }

    private void readSetting(String key, JsonNode value, String where) throws ConfigException {
      Setting<?> setting = BY_KEY.get(key);
      if (setting == null) {
        if (value.isObject() && !key.contains(".")) {
          throw fail(key, "unknown table [" + key + "]; tables: "
              + String.join(", ", new java.util.TreeSet<>(TABLES)) + ", " + TASKS_TABLE + ".NAME");
        }
        throw fail(key, "unknown key " + key + "; " + where + " allows: " + keysOf(key));
      }
      values.put(setting, check(setting, value, file.toAbsolutePath().getParent()));
    }

    /** {@code value} converted and checked; a relative path is relative to {@code base} (null: kept relative). */
    private <T> T check(Setting<T> setting, JsonNode value, Path base) throws ConfigException {
      try {
        @SuppressWarnings("unchecked")
        T converted = (T) ConfigValues.convert(setting, value, base);
        return setting.check(converted);
      } catch (SettingException e) {
        throw fail(setting.key(), e.getMessage());
      } catch (IllegalArgumentException e) {
        throw fail(setting.key(), setting.key() + ": " + e.getMessage() + "; allowed: " + setting.kind().text()
            + ", " + setting.allowed());
      }
    }

    private Set<NodeId> nodeIds(String key, JsonNode value) throws ConfigException {
      try {
        return ConfigValues.nodeIds(value);
      } catch (IllegalArgumentException e) {
        throw fail(key, key + " must be an array of node IDs: " + e.getMessage());
      }
    }

    private void requireTable(String key, JsonNode value) throws ConfigException {
      if (!value.isObject()) {
        throw fail(key, key + " must be a table ([" + key + "]), got " + ConfigValues.describe(value));
      }
    }

    private ConfigException fail(String key, String message) {
      return new ConfigException(file, lines.lineOf(key), key, message);
    }

    private static String keysOf(String key) {
      int dot = key.lastIndexOf('.');
      String prefix = dot < 0 ? "" : key.substring(0, dot + 1);
      List<String> keys = new ArrayList<>();
      for (String known : BY_KEY.keySet()) {
        if (known.startsWith(prefix) && known.indexOf('.', prefix.length()) < 0) {
          keys.add(known.substring(prefix.length()));
        }
      }
      if (prefix.isEmpty()) {
        keys.add("[" + String.join("], [", new java.util.TreeSet<>(TABLES)) + "], [" + TASKS_TABLE + ".NAME]");
      }
      return String.join(", ", keys);
    }
  }
}
