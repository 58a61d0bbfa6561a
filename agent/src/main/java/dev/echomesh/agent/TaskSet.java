package dev.echomesh.agent;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.settings.SettingException;
import dev.echomesh.agent.task.internal.EchoTask;
import dev.echomesh.agent.task.internal.ExternalTasks;
import dev.echomesh.agent.task.internal.PluginJars;
import dev.echomesh.agent.task.internal.ReverseTask;
import dev.echomesh.agent.task.internal.SysinfoTask;
import dev.echomesh.agent.task.internal.TaskRegistry;
import dev.echomesh.agent.task.transfer.FileTasks;
import dev.echomesh.agent.task.transfer.TransferListener;
import dev.echomesh.agent.task.TaskHandler;
import dev.echomesh.agent.task.TaskInfo;
import dev.echomesh.agent.task.command.CallerNames;
import dev.echomesh.agent.task.command.CommandTask;
import dev.echomesh.agent.task.command.CommandTaskSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The task handlers an agent serves, each with its origin: the built-ins, those registered in
 * code, those on the class path and those of the plugin directory, made once at start, and the
 * command tasks of the config file, made again at every reload ({@link CommandTasks}).
 * {@link #registry} pairs them with the allow-lists in force (at start and at every reload).
 */
final class TaskSet implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TaskSet.class);

  private record Entry(TaskHandler handler, String origin, String where) {}

  private final List<Entry> entries;
  private final PluginJars jars;
  private final CommandTasks commands;
  private final ExternalTasks external;

  private TaskSet(List<Entry> entries, PluginJars jars, CommandTasks commands, ExternalTasks external) {
    this.entries = List.copyOf(entries);
    this.jars = jars;
    this.commands = commands;
    this.external = external;
  }

  /**
   * @param callerNames where command tasks read {@code ECHOMESH_CALLER_NAME}
   * @param transfers told when each file transfer served by the file tasks ends
   * @throws IllegalStateException when a plugin on the class path cannot be loaded
   */
  static TaskSet load(AgentConfig config, long startedNanos, CallerNames callerNames,
      TransferListener transfers) {
    List<Entry> entries = new ArrayList<>();
    entries.add(new Entry(new EchoTask(), TaskInfo.BUILT_IN, ""));
    entries.add(new Entry(new ReverseTask(), TaskInfo.BUILT_IN, ""));
    entries.add(new Entry(new SysinfoTask(AgentVersion.current(), config.ticker(), startedNanos), TaskInfo.BUILT_IN, ""));
    FileTasks.of(config.files(), transfers).forEach(h -> entries.add(new Entry(h, TaskInfo.BUILT_IN, "")));
    config.tasks().forEach(h -> entries.add(new Entry(h, TaskInfo.CODE, h.getClass().getName())));
    if (config.loadTaskPlugins()) {
      for (TaskHandler handler : classPathPlugins()) {
        entries.add(new Entry(handler, TaskInfo.CLASS_PATH, handler.getClass().getName()));
      }
    }
    PluginJars jars = config.pluginDirectory() == null
        ? PluginJars.none()
        : PluginJars.load(config.pluginDirectory(), RealAgent.class.getClassLoader());
    for (PluginJars.Plugin plugin : jars.plugins()) {
      entries.add(new Entry(plugin.handler(), plugin.origin(), plugin.jar().toAbsolutePath().toString()));
    }
    return new TaskSet(entries, jars, new CommandTasks(callerNames), config.externalTasks());
  }

  /**
   * The registry of these tasks, the command tasks {@code commandTasks} and {@code allowLists};
   * when it can be made, the command tasks become the ones in use. A plugin whose task name is
   * taken is skipped with a warning; a task registered in code with a taken name is an error, and
   * so is a command task named like any other task.
   *
   * @param reload whether this is a reload: plugins skipped are not warned of again, and changes
   *     of command tasks are logged
   * @throws IllegalArgumentException when tasks registered in code conflict
   * @throws SettingException when an allow-list names a task that does not exist, or a command
   *     task cannot be made (its key names the config file's key)
   */
  TaskRegistry registry(List<CommandTaskSpec> commandTasks, Map<String, Set<NodeId>> allowLists, boolean reload) {
    boolean warn = !reload;
    TaskRegistry.Builder tasks = TaskRegistry.builder();
    for (Entry entry : entries) {
      try {
        tasks.add(entry.handler(), entry.origin());
      } catch (IllegalArgumentException e) {
        if (TaskInfo.BUILT_IN.equals(entry.origin()) || TaskInfo.CODE.equals(entry.origin())) {
          throw e;
        }
        if (warn) {
          log.warn("Task from {} skipped: {}", entry.where(), e.getMessage());
        }
      }
    }
    Map<String, CommandTask> commandHandlers = commands.resolve(commandTasks);
    for (CommandTask task : commandHandlers.values()) {
      try {
        tasks.add(task, TaskInfo.COMMAND);
      } catch (IllegalArgumentException e) {
        String key = CommandTaskSpec.key(task.name(), CommandTaskKeys.COMMAND);
        throw new SettingException(key, "tasks." + task.name() + ": this node already has a task '" + task.name()
            + "' (built-in, in code or from a plugin); a command task needs a name of its own");
      }
    }
    allowLists.forEach(tasks::allowCallers);
    tasks.external(external);
    TaskRegistry registry = tasks.build();
    commands.use(commandHandlers, reload);
    return registry;
  }

  /** Logs every task with its origin and who may call it. */
  void log(TaskRegistry registry, Map<String, Set<NodeId>> allowLists) {
    for (TaskInfo task : registry.tasks()) {
      Set<NodeId> allowed = allowLists.get(task.name());
      String where = entries.stream().filter(e -> e.handler().name().equals(task.name()))
          .map(Entry::where).filter(w -> !w.isEmpty()).findFirst().orElse(commands.commandLine(task.name()));
      log.info("Task '{}': {}{}, {}", task.name(), task.origin(), where.isEmpty() ? "" : " (" + where + ")",
          allowed == null ? "every member may call" : allowed.size() + " node(s) may call");
    }
  }

  private static List<TaskHandler> classPathPlugins() {
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    ClassLoader loader = context != null ? context : RealAgent.class.getClassLoader();
    List<TaskHandler> handlers = new ArrayList<>();
    try {
      ServiceLoader.load(TaskHandler.class, loader).forEach(handlers::add);
    } catch (ServiceConfigurationError e) {
      throw new IllegalStateException("a task plugin on the class path could not be loaded: " + e.getMessage(), e);
    }
    return handlers;
  }

  @Override
  public void close() {
    jars.close();
  }
}
