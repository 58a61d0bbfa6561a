package dev.echomesh.agent.task.internal;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.settings.SettingException;
import dev.echomesh.agent.task.TaskHandler;
import dev.echomesh.agent.task.TaskInfo;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The tasks a node offers: handlers registered in code and those found by
 * {@link ServiceLoader} in plugin jars, each with its origin and an optional allow-list of caller
 * node IDs (names never grant access: only node IDs do).
 * Always includes the {@code tasks} task, which lists them. Immutable and thread-safe.
 */
public final class TaskRegistry {

  /** What a task name may look like: letters, digits, '.', '-' and '_', 1 to 64 of them. */
  public static final Pattern TASK_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

  private final Map<String, RegisteredTask> tasks;
  private final List<TaskInfo> infos;
  private final ExternalTasks external;

  /** {@code own} holds every registered task but the built-in {@code tasks}, added here. */
  private TaskRegistry(Map<String, RegisteredTask> own, Set<NodeId> tasksAllowList, List<TaskInfo> infos,
      ExternalTasks external) {
    Map<String, RegisteredTask> all = new TreeMap<>(own);
    all.put(TasksTask.NAME, new RegisteredTask(new TasksTask(this::tasks), tasksAllowList));
    this.tasks = Collections.unmodifiableMap(all);
    this.infos = infos;
    this.external = external;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The task named {@code name}, or null. */
  RegisteredTask find(String name) {
    return tasks.get(name);
  }

  /** Where calls of tasks not registered here go. */
  ExternalTasks external() {
    return external;
  }

  /** Every task, by name: the registered ones and those served by external programs now. */
  public List<TaskInfo> tasks() {
    List<TaskInfo> served = external.tasks();
    if (served.isEmpty()) {
      return infos;
    }
    List<TaskInfo> all = new ArrayList<>(infos.size() + served.size());
    all.addAll(infos);
    all.addAll(served);
    all.sort((a, b) -> a.name().compareTo(b.name()));
    return Collections.unmodifiableList(all);
  }

  /**
   * A handler and who may call it.
   *
   * @param allowedCallers the node IDs that may call it; null = every mesh member
   */
  record RegisteredTask(TaskHandler handler, Set<NodeId> allowedCallers) {
    boolean allows(NodeId caller) {
      return allowedCallers == null || allowedCallers.contains(caller);
    }
  }

  /** Collects handlers and allow-lists; {@link #build} checks them. */
  public static final class Builder {
    private final Map<String, TaskHandler> handlers = new TreeMap<>();
    private final Map<String, String> origins = new TreeMap<>();
    private final Map<String, Set<NodeId>> allowLists = new TreeMap<>();
    private ExternalTasks external = ExternalTasks.NONE;

    private Builder() {}

    /** Where calls of tasks not registered here go (tasks served through the local API). */
    public Builder external(ExternalTasks external) {
      this.external = Objects.requireNonNull(external, "external");
      return this;
    }

    /**
     * Adds a handler registered in code ({@link TaskInfo#CODE}).
     *
     * @throws IllegalArgumentException if its name is not a valid task name or is taken
     */
    public Builder add(TaskHandler handler) {
      return add(handler, TaskInfo.CODE);
    }

    /**
     * Adds a handler that came from {@code origin} (see {@link TaskInfo#origin()}).
     *
     * @throws IllegalArgumentException if its name is not a valid task name or is taken
     */
    public Builder add(TaskHandler handler, String origin) {
      Objects.requireNonNull(handler, "handler");
      String name = handler.name();
      if (name == null || !TASK_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException("task name '" + name + "' of " + handler.getClass().getName()
            + " must be 1 to 64 letters, digits, '.', '-' or '_'");
      }
      TaskHandler taken = handlers.putIfAbsent(name, handler);
      if (taken != null || TasksTask.NAME.equals(name)) {
        throw new IllegalArgumentException("two tasks are named '" + name + "': "
            + (taken == null ? "the built-in" : taken.getClass().getName() + " (" + origins.get(name) + ")")
            + " and " + handler.getClass().getName() + " (" + origin + ")");
      }
      origins.put(name, Objects.requireNonNull(origin, "origin"));
      return this;
    }

    /** Adds every handler, from {@code origin}. */
    public Builder addAll(Collection<? extends TaskHandler> list, String origin) {
      list.forEach(handler -> add(handler, origin));
      return this;
    }

    /** Adds every handler registered in code. */
    public Builder addAll(Collection<? extends TaskHandler> list) {
      return addAll(list, TaskInfo.CODE);
    }

    /**
     * Adds the handlers listed in {@code META-INF/services/dev.echomesh.agent.task.TaskHandler}
     * of the jars {@code loader} sees.
     *
     * @throws IllegalStateException when a listed plugin cannot be loaded
     */
    public Builder addPlugins(ClassLoader loader) {
      try {
        for (TaskHandler handler : ServiceLoader.load(TaskHandler.class, loader)) {
          add(handler, TaskInfo.CLASS_PATH);
        }
      } catch (ServiceConfigurationError e) {
        throw new IllegalStateException("a task plugin could not be loaded: " + e.getMessage(), e);
      }
      return this;
    }

    /** Only the listed node IDs may call {@code task}; others get DENIED. */
    public Builder allowCallers(String task, Collection<NodeId> callers) {
      allowLists.put(Objects.requireNonNull(task, "task"), Set.copyOf(callers));
      return this;
    }

    /**
     * @throws SettingException (key {@code tasks.NAME}) if an allow-list names a task that does
     *     not exist: a typo there would leave the real task open to every member
     */
    public TaskRegistry build() {
      Map<String, RegisteredTask> tasks = new TreeMap<>();
      for (Map.Entry<String, TaskHandler> e : handlers.entrySet()) {
        tasks.put(e.getKey(), new RegisteredTask(e.getValue(), allowLists.get(e.getKey())));
      }
      for (String task : allowLists.keySet()) {
        if (!tasks.containsKey(task) && !TasksTask.NAME.equals(task)) {
          throw new SettingException("tasks." + task, "tasks." + task + ": an allow-list names task '" + task
              + "', which this node does not have (tasks: " + String.join(", ", tasks.keySet()) + ", "
              + TasksTask.NAME + ")");
        }
      }
      List<TaskInfo> infos = new ArrayList<>();
      tasks.values().forEach(t -> infos.add(new TaskInfo(t.handler().name(), t.handler().description(),
          origins.get(t.handler().name()))));
      infos.add(new TaskInfo(TasksTask.NAME, TasksTask.DESCRIPTION, TaskInfo.BUILT_IN));
      infos.sort((a, b) -> a.name().compareTo(b.name()));
      return new TaskRegistry(tasks, allowLists.get(TasksTask.NAME), Collections.unmodifiableList(infos), external);
    }
  }
}
