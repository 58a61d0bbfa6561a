package dev.echomesh.agent.control;

import dev.echomesh.agent.task.TaskInfo;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.internal.ExternalTasks;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every task external programs serve through the local API, by name, with the session of the
 * program serving it; the agent routes calls of unknown task names here. Bounded in total and per
 * program. Thread-safe; lookups never block, registrations are brief.
 */
final class ServedTasks implements ExternalTasks {

  private static final SecureRandom RANDOM = new SecureRandom();
  private static final int SESSION_ID_BYTES = 16;

  private final ControlConfig config;
  private final Map<String, ServeSession> byTask = new ConcurrentHashMap<>();
  private final Map<String, ServeSession> sessions = new ConcurrentHashMap<>();
  private volatile CallEvents events;

  ServedTasks(ControlConfig config) {
    this.config = config;
  }

  /** Where ended calls are published; set once the server starts. */
  void events(CallEvents events) {
    this.events = events;
  }

  /**
   * Registers one program's tasks.
   *
   * @param taken names the agent offers itself (its own tasks)
   * @throws ControlException TOO_MANY_TASKS past a limit, TASK_TAKEN when a name is offered already
   */
  synchronized ServeSession register(List<ServedTask> offered, Set<String> taken)
      throws ControlException {
    if (offered.size() > config.maxTasksPerProgram()) {
      throw new ControlException(
          ControlError.TOO_MANY_TASKS,
          "a program may serve at most " + config.maxTasksPerProgram() + " tasks, asked for "
              + offered.size());
    }
    if (byTask.size() + offered.size() > config.maxServedTasks()) {
      throw new ControlException(
          ControlError.TOO_MANY_TASKS,
          "programs serve "
              + byTask.size()
              + " tasks already; the agent allows "
              + config.maxServedTasks()
              + " in all");
    }
    Map<String, ServedTask> tasks = new LinkedHashMap<>();
    for (ServedTask task : offered) {
      if (byTask.containsKey(task.name())) {
        throw new ControlException(
            ControlError.TASK_TAKEN, "another program serves '" + task.name() + "' already");
      }
      if (taken.contains(task.name())) {
        throw new ControlException(
            ControlError.TASK_TAKEN, "the agent has its own task '" + task.name() + "'");
      }
      if (tasks.put(task.name(), task) != null) {
        throw new ControlException(
            ControlError.MALFORMED_REQUEST, "the task '" + task.name() + "' is listed twice");
      }
    }
    byte[] random = new byte[SESSION_ID_BYTES];
    RANDOM.nextBytes(random);
    ServeSession session =
        new ServeSession(HexFormat.of().formatHex(random), tasks, events, config.clock());
    sessions.put(session.id(), session);
    tasks.keySet().forEach(name -> byTask.put(name, session));
    return session;
  }

  /** The program went away: its tasks disappear and its calls in flight end now. Idempotent. */
  synchronized void unregister(ServeSession session) {
    sessions.remove(session.id());
    session.tasks().keySet().forEach(name -> byTask.remove(name, session));
    session.close();
  }

  /**
   * The session a program posts results under.
   *
   * @throws ControlException CALL_NOT_FOUND when no such session is open
   */
  ServeSession session(String id) throws ControlException {
    ServeSession session = sessions.get(id);
    if (session == null) {
      throw new ControlException(
          ControlError.CALL_NOT_FOUND, "no serving program has the session '" + id + "'");
    }
    return session;
  }

  /** Ends every program's stream (agent shutdown). */
  void endAll() {
    sessions.values().forEach(ServeSession::endStream);
  }

  @Override
  public List<TaskInfo> tasks() {
    List<TaskInfo> tasks = new ArrayList<>();
    byTask.forEach(
        (name, session) ->
            tasks.add(
                new TaskInfo(
                    name, session.tasks().get(name).description(), TaskInfo.EXTERNAL_PROGRAM)));
    tasks.sort(Comparator.comparing(TaskInfo::name));
    return tasks;
  }

  @Override
  public java.util.concurrent.CompletableFuture<TaskResult> start(TaskRequest request) {
    ServeSession session = byTask.get(request.task());
    return session == null ? null : session.start(request);
  }
}
