package dev.echomesh.agent;

import dev.echomesh.agent.settings.SettingException;
import dev.echomesh.agent.task.command.CallerNames;
import dev.echomesh.agent.task.command.CommandTask;
import dev.echomesh.agent.task.command.CommandTaskSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command tasks in use, kept across reloads: a task whose declaration did not change keeps its
 * handler (and so its concurrency limit counts the runs already going); a changed one gets a new
 * handler, while runs in flight finish with the old one. {@link #resolve} makes the handlers of a
 * declaration without changing anything; {@link #use} makes them the ones in use.
 */
final class CommandTasks {

  private static final Logger log = LoggerFactory.getLogger(CommandTasks.class);

  private final CallerNames callerNames;
  private Map<String, CommandTask> inUse = Map.of();

  CommandTasks(CallerNames callerNames) {
    this.callerNames = Objects.requireNonNull(callerNames, "callerNames");
  }

  /**
   * The handlers of {@code specs}, by name: those in use where the spec is unchanged, new ones
   * otherwise.
   *
   * @throws SettingException keyed {@code tasks.NAME.command} or {@code tasks.NAME.workdir} when a
   *     program is not an executable file, a workdir not a directory, or this system cannot run
   *     command tasks at all
   */
  synchronized Map<String, CommandTask> resolve(List<CommandTaskSpec> specs) {
    Map<String, CommandTask> next = new TreeMap<>();
    for (CommandTaskSpec spec : specs) {
      CommandTask current = inUse.get(spec.name());
      next.put(spec.name(), current != null && current.spec().equals(spec) ? current : create(spec));
    }
    return next;
  }

  private CommandTask create(CommandTaskSpec spec) {
    try {
      return CommandTask.create(spec, callerNames);
    } catch (IllegalStateException e) { // no setsid or kill on this system
      String key = CommandTaskSpec.key(spec.name(), CommandTaskKeys.COMMAND);
      throw new SettingException(key, key + ": " + e.getMessage());
    }
  }

  /** Makes {@code next} (from {@link #resolve}) the tasks in use; after the first time, logs what changed. */
  synchronized void use(Map<String, CommandTask> next, boolean logChanges) {
    if (logChanges) {
      next.forEach((name, task) -> {
        CommandTask before = inUse.get(name);
        if (before == null) {
          log.info("Command task '{}' added: {}", name, shown(task.spec().command()));
        } else if (before != task) {
          log.info("Command task '{}' changed: new calls run {}; calls in flight finish as they started", name,
              shown(task.spec().command()));
        }
      });
      inUse.keySet().stream().filter(name -> !next.containsKey(name))
          .forEach(name -> log.info("Command task '{}' removed; calls in flight finish", name));
    }
    inUse = Map.copyOf(next);
  }

  /** The command line of task {@code name} in use, for the log; empty when it is not a command task. */
  synchronized String commandLine(String name) {
    CommandTask task = inUse.get(name);
    return task == null ? "" : shown(task.spec().command());
  }

  /**
   * {@code command} on one line for the log: words with spaces or quotes in single quotes, control
   * characters escaped ({@code \n}, {@code \t}, {@code \xNN}).
   */
  static String shown(List<String> command) {
    StringBuilder line = new StringBuilder();
    for (String word : command) {
      StringBuilder shown = new StringBuilder();
      word.codePoints().forEach(c -> {
        switch (c) {
          case '\n' -> shown.append("\\n");
          case '\t' -> shown.append("\\t");
          default -> shown.append(Character.isISOControl(c) ? String.format("\\x%02x", c) : Character.toString(c));
        }
      });
      boolean quote = word.isEmpty() || word.chars().anyMatch(c -> c == ' ' || c == '\'' || c == '"');
      line.append(line.length() == 0 ? "" : " ").append(quote ? "'" + shown + "'" : shown);
    }
    return line.toString();
  }
}
