package dev.echomesh.agent.task.command;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.settings.SettingException;
import dev.echomesh.agent.task.internal.TaskRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * What the owner declared for one command task: the program, its limits and who may call it.
 * Immutable; made by {@link #builder}, which checks every value in {@link Builder#build()}.
 * A bad value is a {@link SettingException} whose key and message name the config file's key,
 * e.g. {@code tasks.uptime.command[0] must be an absolute path ...} (see {@link CommandTask}).
 * Two specs are equal when every value is (patterns compared by their text and flags).
 */
public final class CommandTaskSpec {

  /** Default of {@code timeout}: long enough for a script, short enough to free its slot. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
  /** Default of {@code max-output}: 1 MiB of stdout. */
  public static final long DEFAULT_MAX_OUTPUT_BYTES = 1024 * 1024;
  /** Default of {@code concurrency}: two runs at once. */
  public static final int DEFAULT_CONCURRENCY = 2;

  /** Shortest {@code timeout}. */
  public static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
  /** Longest {@code timeout}. */
  public static final Duration MAX_TIMEOUT = Duration.ofDays(1);
  /** Largest {@code max-output}: the result travels in one frame, whose default limit is 16 MiB. */
  public static final long MAX_OUTPUT_LIMIT_BYTES = 16L * 1024 * 1024;
  /** Largest {@code concurrency}. */
  public static final int MAX_CONCURRENCY = 256;
  /** At most this many caller arguments (and so patterns). */
  public static final int MAX_ARGUMENTS = 64;
  /** Most words of {@code command}. */
  public static final int MAX_COMMAND_WORDS = 256;
  /** Longest {@code description}. */
  public static final int MAX_DESCRIPTION_CHARS = 200;

  /** An environment variable name the task may copy from the agent's environment. */
  static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
  /** Set by the agent on every run; the owner cannot list them. */
  static final String CALLER_ENV = "ECHOMESH_CALLER";
  static final String CALLER_NAME_ENV = "ECHOMESH_CALLER_NAME";

  private final String name;
  private final String description;
  private final List<String> command;
  private final Duration timeout;
  private final long maxOutputBytes;
  private final int concurrency;
  private final Path workdir;
  private final List<String> env;
  private final List<Pattern> args;
  private final Set<NodeId> allow;

  private CommandTaskSpec(Builder b) {
    name = b.name;
    command = List.copyOf(b.command);
    description = b.description != null ? b.description : "runs " + String.join(" ", command);
    timeout = b.timeout;
    maxOutputBytes = b.maxOutputBytes;
    concurrency = b.concurrency;
    workdir = b.workdir;
    env = List.copyOf(b.env);
    args = List.copyOf(b.args);
    allow = b.allow;
  }

  /**
   * Starts a spec for the task called {@code name} (the TOML table's key, {@code [tasks.NAME]}).
   */
  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** The task name callers use. */
  public String name() {
    return name;
  }

  /** One line for {@code echomesh tasks}. */
  public String description() {
    return description;
  }

  /** The program and its fixed arguments; the first is an absolute path. */
  public List<String> command() {
    return command;
  }

  /** @see Builder#timeout */
  public Duration timeout() {
    return timeout;
  }

  /** @see Builder#maxOutputBytes */
  public long maxOutputBytes() {
    return maxOutputBytes;
  }

  /** @see Builder#concurrency */
  public int concurrency() {
    return concurrency;
  }

  /** Where the program starts; empty = the agent's working directory. See {@link Builder#workdir}. */
  public Optional<Path> workdir() {
    return Optional.ofNullable(workdir);
  }

  /** @see Builder#env */
  public List<String> env() {
    return env;
  }

  /** Pattern i for caller argument i; empty = callers add none. See {@link Builder#args}. */
  public List<Pattern> args() {
    return args;
  }

  /** Whether callers may add arguments: then the payload is JSON ({@code {"args": [...], "stdin": "..."}}). */
  public boolean acceptsArguments() {
    return !args.isEmpty();
  }

  /** The node IDs that may call; empty = every mesh member. See {@link Builder#allow}. */
  public Optional<Set<NodeId>> allow() {
    return Optional.ofNullable(allow);
  }

  /** The config-file key of {@code option} of task {@code name}, e.g. {@code tasks.uptime.timeout}. */
  public static String key(String name, String option) {
    return "tasks." + name + "." + option;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof CommandTaskSpec other && name.equals(other.name) && description.equals(other.description)
        && command.equals(other.command) && timeout.equals(other.timeout) && maxOutputBytes == other.maxOutputBytes
        && concurrency == other.concurrency && Objects.equals(workdir, other.workdir) && env.equals(other.env)
        && patternTexts().equals(other.patternTexts()) && Objects.equals(allow, other.allow);
  }

  @Override
  public int hashCode() {
    return Objects.hash(name, command, timeout, maxOutputBytes, concurrency, workdir, env, patternTexts());
  }

  private List<String> patternTexts() {
    return args.stream().map(p -> p.flags() + "/" + p.pattern()).toList();
  }

  @Override
  public String toString() {
    return "command task '" + name + "' " + command;
  }

  /** Collects the values; {@link #build} checks them all. */
  public static final class Builder {
    private final String name;
    private String description;
    private List<String> command = List.of();
    private Duration timeout = DEFAULT_TIMEOUT;
    private long maxOutputBytes = DEFAULT_MAX_OUTPUT_BYTES;
    private int concurrency = DEFAULT_CONCURRENCY;
    private Path workdir;
    private List<String> env = List.of();
    private List<String> argPatterns = List.of();
    private final List<Pattern> args = new ArrayList<>();
    private Set<NodeId> allow;

    private Builder(String name) {
      this.name = name;
    }

    /**
     * {@code description}: one line of at most 200 characters for {@code echomesh tasks}.
     * Default: "runs" and the command.
     */
    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /**
     * {@code command} (required): the program as an absolute path, then its fixed arguments,
     * 1 to 256 words. It is executed directly, never by a shell, and PATH is never searched.
     */
    public Builder command(List<String> command) {
      this.command = new ArrayList<>(Objects.requireNonNull(command, "command"));
      return this;
    }

    /**
     * {@code timeout}: how long one run may take before its process group is killed, in
     * [1 ms, 1 day]. The caller's deadline applies too; the earlier one wins. Default: 10 s.
     */
    public Builder timeout(Duration timeout) {
      this.timeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * {@code max-output}: the most stdout a run may write, in bytes, in [1, 16 MiB]. Past it
     * the run fails and its process group is killed. Default: 1 MiB.
     */
    public Builder maxOutputBytes(long maxOutputBytes) {
      this.maxOutputBytes = maxOutputBytes;
      return this;
    }

    /**
     * {@code concurrency}: runs at once, in [1, 256]; a call past it is answered OVERLOADED at
     * once, never queued. Default: 2.
     */
    public Builder concurrency(int concurrency) {
      this.concurrency = concurrency;
      return this;
    }

    /** {@code workdir}: an absolute directory the program starts in. Default: the agent's. */
    public Builder workdir(Path workdir) {
      this.workdir = Objects.requireNonNull(workdir, "workdir");
      return this;
    }

    /**
     * {@code env}: names of the agent's environment variables the program gets (a name the
     * agent lacks is left out). Every other variable is cleared; {@code ECHOMESH_CALLER} (the
     * caller's node ID) and {@code ECHOMESH_CALLER_NAME} (its name, informational) are always
     * set. Default: none.
     */
    public Builder env(List<String> env) {
      this.env = new ArrayList<>(Objects.requireNonNull(env, "env"));
      return this;
    }

    /**
     * {@code args}: lets callers add up to N arguments after the command, argument i being
     * matched in full against pattern i (Java regular expressions); then the payload is JSON
     * (see {@link CallerInput}). At most 64. Default: none, and callers add no arguments.
     */
    public Builder args(List<String> patterns) {
      this.argPatterns = new ArrayList<>(Objects.requireNonNull(patterns, "args"));
      return this;
    }

    /**
     * {@code allow}: the node IDs that may call this task; others get DENIED. Default: every
     * mesh member.
     */
    public Builder allow(Set<NodeId> callers) {
      this.allow = Set.copyOf(Objects.requireNonNull(callers, "allow"));
      return this;
    }

    /**
     * @throws SettingException naming the first bad option (by its config-file key) and what it
     *     allows
     */
    public CommandTaskSpec build() {
      if (name == null || !TaskRegistry.TASK_NAME.matcher(name).matches()) {
        throw new SettingException("tasks." + name, "task name '" + name
            + "' must be 1 to 64 letters, digits, '.', '-' or '_'");
      }
      checkCommand();
      if (description != null && (description.length() > MAX_DESCRIPTION_CHARS
          || description.chars().anyMatch(Character::isISOControl))) {
        throw bad("description", "must be one line of at most " + MAX_DESCRIPTION_CHARS + " characters");
      }
      if (timeout.compareTo(MIN_TIMEOUT) < 0 || timeout.compareTo(MAX_TIMEOUT) > 0) {
        throw bad("timeout", "must be in [1ms, 1d], got " + timeout);
      }
      if (maxOutputBytes < 1 || maxOutputBytes > MAX_OUTPUT_LIMIT_BYTES) {
        throw bad("max-output", "must be in [1, " + MAX_OUTPUT_LIMIT_BYTES + "] bytes, got " + maxOutputBytes);
      }
      if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
        throw bad("concurrency", "must be in [1, " + MAX_CONCURRENCY + "], got " + concurrency);
      }
      if (workdir != null && !workdir.isAbsolute()) {
        throw bad("workdir", "must be an absolute path, got '" + workdir + "'");
      }
      checkEnv();
      compileArgs();
      return new CommandTaskSpec(this);
    }

    private void checkCommand() {
      if (command.isEmpty() || command.size() > MAX_COMMAND_WORDS) {
        throw bad("command", "needs 1 to " + MAX_COMMAND_WORDS + " words (the program, then its arguments), got "
            + command.size());
      }
      for (int i = 0; i < command.size(); i++) {
        String word = command.get(i);
        if (word == null || word.indexOf('\0') >= 0) {
          throw bad("command[" + i + "]", "must be a string without NUL characters");
        }
      }
      if (!Path.of(command.get(0)).isAbsolute()) {
        throw bad("command[0]", "must be an absolute path such as /usr/bin/uptime (PATH is never searched), got '"
            + command.get(0) + "'");
      }
    }

    private void checkEnv() {
      for (int i = 0; i < env.size(); i++) {
        String key = env.get(i);
        if (key == null || !ENV_NAME.matcher(key).matches()) {
          throw bad("env[" + i + "]", "must be a variable name (a letter or '_', then letters, digits or '_'), got '"
              + key + "'");
        }
        if (key.equals(CALLER_ENV) || key.equals(CALLER_NAME_ENV)) {
          throw bad("env[" + i + "]", key + " is set by the agent and cannot be copied");
        }
      }
    }

    private void compileArgs() {
      if (argPatterns.size() > MAX_ARGUMENTS) {
        throw bad("args", "allows at most " + MAX_ARGUMENTS + " patterns, got " + argPatterns.size());
      }
      args.clear();
      for (int i = 0; i < argPatterns.size(); i++) {
        String pattern = argPatterns.get(i);
        if (pattern == null || pattern.isEmpty()) {
          throw bad("args[" + i + "]", "must be a non-empty regular expression");
        }
        try {
          args.add(Pattern.compile(pattern));
        } catch (PatternSyntaxException e) {
          throw bad("args[" + i + "]", "is not a valid regular expression: " + e.getDescription()
              + " near index " + e.getIndex());
        }
      }
    }

    /** A {@link SettingException} keyed {@code tasks.NAME.OPTION} (without an index {@code [i]}). */
    private SettingException bad(String option, String what) {
      int index = option.indexOf('[');
      return new SettingException(key(name, index < 0 ? option : option.substring(0, index)),
          key(name, option) + " " + what);
    }
  }
}
