package dev.echomesh.agent;

import dev.echomesh.agent.settings.Setting;
import dev.echomesh.agent.settings.Setting.Kind;
import dev.echomesh.agent.task.command.CommandTaskSpec;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The keys of a {@code [tasks.NAME]} table that declares a command task (one with
 * {@code command}), each defined once as a {@link Setting} of the task's own key
 * ({@code tasks.uptime.timeout}), so that a range error names the key as written. The reference
 * page documents {@code forTask("NAME")}; defaults and ranges are {@link CommandTaskSpec}'s.
 */
final class CommandTaskKeys {

  /** The key that makes a task table a command task. */
  static final String COMMAND = "command";

  /** The keys as the reference page shows them. */
  static final List<Setting<?>> DOCUMENTED = forTask("NAME");

  private CommandTaskKeys() {}

  /** The command-task keys of task {@code name}, without {@code allow} (see {@link AgentConfig#TASK_ALLOW}). */
  static List<Setting<?>> forTask(String name) {
    return List.of(command(name), description(name), timeout(name), maxOutput(name), concurrency(name),
        workdir(name), env(name), args(name));
  }

  static Setting<List<String>> command(String name) {
    return Setting.of(key(name, COMMAND), Kind.STRING_LIST, List.of(), "none (required)",
        "an absolute program path, then fixed arguments; 1 to " + CommandTaskSpec.MAX_COMMAND_WORDS + " words",
        "Declares a command task: the program and its fixed arguments, run directly (never by a shell; PATH is"
            + " never searched), with the caller's payload on stdin and stdout as the result. Exit code 0 is OK;"
            + " another is FAILED with the code and the last 1 KiB of stderr. Its whole process group is killed on"
            + " timeout or cancel. Without this key, the table only sets `allow` of an existing task.");
  }

  static Setting<String> description(String name) {
    return Setting.of(key(name, "description"), Kind.STRING, null, "\"runs\" and the command",
        "one line, at most " + CommandTaskSpec.MAX_DESCRIPTION_CHARS + " characters",
        "What `echomesh tasks` shows for the command task.");
  }

  static Setting<Duration> timeout(String name) {
    return Setting.duration(key(name, "timeout"), CommandTaskSpec.DEFAULT_TIMEOUT, CommandTaskSpec.MIN_TIMEOUT,
        CommandTaskSpec.MAX_TIMEOUT,
        "How long one run may take; then its process group gets SIGTERM, SIGKILL a second later, and the caller"
            + " TIMEOUT. The caller's deadline applies too: the earlier wins.");
  }

  static Setting<Long> maxOutput(String name) {
    return Setting.size(key(name, "max-output"), CommandTaskSpec.DEFAULT_MAX_OUTPUT_BYTES, 1,
        CommandTaskSpec.MAX_OUTPUT_LIMIT_BYTES,
        "The most stdout one run may write; past it the process group is killed and the caller gets FAILED.");
  }

  static Setting<Integer> concurrency(String name) {
    return Setting.integer(key(name, "concurrency"), CommandTaskSpec.DEFAULT_CONCURRENCY, 1,
        CommandTaskSpec.MAX_CONCURRENCY,
        "Runs at once; a call past it is answered OVERLOADED at once, never queued.");
  }

  static Setting<Path> workdir(String name) {
    return Setting.of(key(name, "workdir"), Kind.PATH, null, "the agent's working directory",
        "an absolute path of a directory", "Where the program starts.");
  }

  static Setting<List<String>> env(String name) {
    return Setting.of(key(name, "env"), Kind.STRING_LIST, List.of(), "[]",
        "environment variable names (not ECHOMESH_CALLER or ECHOMESH_CALLER_NAME)",
        "The agent's environment variables the program gets (one the agent lacks is left out); every other"
            + " variable is cleared. ECHOMESH_CALLER (the caller's node ID) and ECHOMESH_CALLER_NAME (the name it"
            + " announced, informational) are always set.");
  }

  static Setting<List<String>> args(String name) {
    return Setting.of(key(name, "args"), Kind.STRING_LIST, List.of(), "[] (callers add no arguments)",
        "up to " + CommandTaskSpec.MAX_ARGUMENTS + " Java regular expressions",
        "Lets callers add up to N arguments after the command, argument i matching pattern i in full, each as one"
            + " literal argv word; the payload is then JSON {\"args\": [...], \"stdin\": \"...\"}. An argument"
            + " that does not match is INVALID and nothing runs.");
  }

  private static String key(String name, String option) {
    return CommandTaskSpec.key(name, option);
  }
}
