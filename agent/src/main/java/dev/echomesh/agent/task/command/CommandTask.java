package dev.echomesh.agent.task.command;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.settings.SettingException;
import dev.echomesh.agent.task.TaskHandler;
import dev.echomesh.agent.task.TaskRequest;
import dev.echomesh.agent.task.TaskResult;
import dev.echomesh.agent.task.TaskStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A task that runs a program the owner declared: the safe {@code exec}.
 *
 * <p>The owner declares it in the config file; nothing else makes one:
 *
 * <pre>
 * [tasks.uptime]
 * command = ["/usr/bin/uptime"]      # required: absolute path, then fixed arguments; no shell
 * description = "load and uptime"    # default: "runs" and the command
 * timeout = "5s"                     # default 10s, in [1ms, 1d]; the caller's deadline also holds
 * max-output = "1MiB"                # stdout cap, default 1 MiB, in [1 B, 16 MiB]
 * concurrency = 2                    # runs at once, default 2, in [1, 256]; more: OVERLOADED
 * workdir = "/tmp"                   # absolute; default: the agent's working directory
 * env = ["PATH", "LANG"]             # copied from the agent's environment; default none
 * args = ["^[a-z]{1,16}$"]           # callers may add up to N arguments, i-th matching pattern i
 * allow = ["&lt;node id&gt;"]              # who may call it; default every mesh member
 * </pre>
 *
 * <p>A config parser hands these values to {@link CommandTaskSpec#builder} (durations and sizes
 * already converted) and the spec to {@link #create}.
 *
 * <p>What one call does:
 * <ul>
 *   <li>The program runs as {@code command} plus the caller's arguments, as an argv list: it is
 *       executed directly, never through a shell, so {@code ; rm -rf /}, {@code $(...)},
 *       backticks and newlines are plain bytes to it.
 *   <li>Without {@code args}, the payload is the program's stdin, byte for byte, and callers add
 *       no arguments. With {@code args}, the payload is {@code {"args": [...], "stdin": "..."}}
 *       (see {@link CallerInput}); an argument that does not match its pattern is INVALID, naming
 *       its index, and nothing runs.
 *   <li>The environment is empty but for the {@code env} names the agent has,
 *       {@code ECHOMESH_CALLER} (the caller's node ID, proven by its certificate) and
 *       {@code ECHOMESH_CALLER_NAME} (the name it announced; informational, may be empty).
 *   <li>Exit code 0: OK with stdout as the result. Another exit code: FAILED, "exit code N"
 *       and the last 1 KiB of stderr. More stdout than {@code max-output}: FAILED. Past the
 *       earlier of {@code timeout} and the caller's deadline: TIMEOUT. A caller outside
 *       {@code allow}: DENIED. More than {@code concurrency} runs at once: OVERLOADED.
 * </ul>
 *
 * <p>The program runs as the leader of a new process group ({@link ProcessGroup}). On timeout,
 * output cap or cancel (the handler thread interrupted), the whole group gets SIGTERM, then
 * SIGKILL after {@link ProcessGroup#TERM_GRACE}: children that ignore SIGTERM die too. After a
 * normal exit, whatever the program left running in its group is killed: a command task starts
 * no daemons. Linux only (util-linux {@code setsid}, a {@code kill} command).
 */
public final class CommandTask implements TaskHandler {

  private static final Logger log = LoggerFactory.getLogger(CommandTask.class);
  /** Longest caller name passed on, in characters. */
  private static final int MAX_CALLER_NAME_CHARS = 64;
  /** How much of a failure's message the log shows (the caller gets all of it). */
  private static final int MAX_LOGGED_MESSAGE_CHARS = 200;

  private final CommandTaskSpec spec;
  private final CallerNames callerNames;
  private final ProcessGroup.Tools tools;
  private final UnaryOperator<String> agentEnvironment;
  private final Clock clock;
  private final Semaphore running;

  CommandTask(CommandTaskSpec spec, CallerNames callerNames, ProcessGroup.Tools tools,
      UnaryOperator<String> agentEnvironment, Clock clock) {
    this.spec = Objects.requireNonNull(spec, "spec");
    this.callerNames = Objects.requireNonNull(callerNames, "callerNames");
    this.tools = Objects.requireNonNull(tools, "tools");
    this.agentEnvironment = Objects.requireNonNull(agentEnvironment, "agentEnvironment");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.running = new Semaphore(spec.concurrency());
  }

  /**
   * The task {@code spec} declares, reading the agent's own environment for {@code env}.
   *
   * @param callerNames where {@code ECHOMESH_CALLER_NAME} comes from ({@link CallerNames#NONE}
   *     leaves it empty)
   * @throws SettingException when the program is not an executable file or the workdir not a
   *     directory (keyed as in the config file, e.g. {@code tasks.uptime.command})
   * @throws IllegalStateException when this system lacks {@code setsid} or {@code kill}
   */
  public static CommandTask create(CommandTaskSpec spec, CallerNames callerNames) {
    Path program = Path.of(spec.command().get(0));
    if (!Files.isRegularFile(program) || !Files.isExecutable(program)) {
      throw new SettingException(CommandTaskSpec.key(spec.name(), "command"),
          CommandTaskSpec.key(spec.name(), "command[0]") + " " + program + " is not an executable file");
    }
    spec.workdir().ifPresent(dir -> {
      if (!Files.isDirectory(dir)) {
        throw new SettingException(CommandTaskSpec.key(spec.name(), "workdir"),
            CommandTaskSpec.key(spec.name(), "workdir") + " " + dir + " is not a directory");
      }
    });
    return new CommandTask(spec, callerNames, ProcessGroup.Tools.find(), System::getenv, Clock.systemUTC());
  }

  /** What the owner declared. */
  public CommandTaskSpec spec() {
    return spec;
  }

  @Override
  public String name() {
    return spec.name();
  }

  @Override
  public String description() {
    return spec.description();
  }

  @Override
  public TaskResult handle(TaskRequest request) throws InterruptedException {
    if (spec.allow().isPresent() && !spec.allow().get().contains(request.caller())) {
      return TaskResult.error(TaskStatus.DENIED, "node " + request.caller() + " may not call '" + spec.name()
          + "' (not on its allow list)");
    }
    CallerInput input;
    try {
      input = CallerInput.parse(spec, request.payload());
    } catch (CallerInput.InvalidInputException e) {
      return TaskResult.error(TaskStatus.INVALID, e.getMessage());
    }
    Duration untilDeadline = Duration.between(clock.instant(), request.deadline());
    if (untilDeadline.isNegative() || untilDeadline.isZero()) {
      return TaskResult.error(TaskStatus.TIMEOUT, "the caller's deadline passed before the program started");
    }
    if (!running.tryAcquire()) {
      return TaskResult.error(TaskStatus.OVERLOADED, "task '" + spec.name() + "' already runs its limit of "
          + spec.concurrency() + " at once (concurrency); retry later");
    }
    TaskResult result;
    try {
      result = CommandRun.run(launch(request, input, untilDeadline));
    } finally {
      running.release();
    }
    if (result.isOk()) {
      log.debug("Command task '{}' called by {}: {}", spec.name(), request.caller().shortForm(), result);
    } else {
      String message = result.message();
      String shown = message.length() <= MAX_LOGGED_MESSAGE_CHARS
          ? message : message.substring(0, MAX_LOGGED_MESSAGE_CHARS) + "...";
      log.info("Command task '{}' called by {}: {} {}", spec.name(), request.caller().shortForm(), result.status(),
          shown);
    }
    return result;
  }

  private CommandRun.Launch launch(TaskRequest request, CallerInput input, Duration untilDeadline) {
    List<String> argv = new ArrayList<>(spec.command());
    argv.addAll(input.args());
    boolean ownTimeoutFirst = spec.timeout().compareTo(untilDeadline) <= 0;
    Duration limit = ownTimeoutFirst ? spec.timeout() : untilDeadline;
    String limitName = ownTimeoutFirst ? "its timeout of " + human(spec.timeout()) : "the caller's deadline";
    return new CommandRun.Launch(tools, argv, spec.workdir().orElse(null), environment(request.caller()),
        input.stdin(), spec.maxOutputBytes(), limit, limitName, "echomesh-command-" + spec.name());
  }

  /** The listed variables the agent has, and the caller's ID and name. */
  Map<String, String> environment(NodeId caller) {
    Map<String, String> environment = new HashMap<>();
    for (String key : spec.env()) {
      String value = agentEnvironment.apply(key);
      if (value != null) {
        environment.put(key, value);
      }
    }
    environment.put(CommandTaskSpec.CALLER_ENV, caller.toString());
    environment.put(CommandTaskSpec.CALLER_NAME_ENV, callerNames.nameOf(caller).map(CommandTask::printable).orElse(""));
    return environment;
  }

  /** "5s" or "250ms", as an owner writes it. */
  private static String human(Duration duration) {
    long millis = duration.toMillis();
    return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
  }

  /** A name another node chose, made safe for an environment value: no control characters. */
  private static String printable(String name) {
    StringBuilder out = new StringBuilder();
    name.codePoints().limit(MAX_CALLER_NAME_CHARS)
        .forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? '?' : c));
    return out.toString();
  }
}
