package dev.echomesh.tools;

import dev.echomesh.agent.control.ControlError;
import dev.echomesh.agent.control.ControlException;
import dev.echomesh.agent.control.IncomingCall;
import dev.echomesh.agent.control.ServeClient;
import dev.echomesh.agent.control.ServedTask;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.task.TaskResult;
import java.io.IOException;
import java.io.PrintStream;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code echomesh serve NAME -- COMMAND ARGS...}: offers task NAME through the local agent for as
 * long as this runs; each call runs COMMAND (never through a shell) with the payload on stdin and
 * answers with its stdout, or FAILED with its exit code and the end of its stderr.
 */
@Command(
    name = "serve",
    mixinStandardHelpOptions = true,
    description = {
      "Offers a task that runs a command, for as long as this runs.",
      "Registers NAME with the local agent (through its local API); each call to it runs"
          + " COMMAND with ARGS as given (no shell), the caller's payload on stdin. Exit 0: the"
          + " task answers OK with stdout. Other exits: FAILED with the exit code and the end of"
          + " stderr. At the caller's deadline the command and its children are killed (TIMEOUT)."
          + " Stop with Ctrl-C: the task disappears at once and running commands are killed."
    },
    footer = {
      "",
      "Examples:",
      "  echomesh serve upper -- tr a-z A-Z",
      "  echomesh serve disk --description 'free space' --concurrency 4 -- df -h /",
      "  echomesh serve upper --allow NODE-ID -- tr a-z A-Z   # only that node may call it",
      "  echomesh call THIS-NODE upper hello     # from another node",
      "",
    })
final class ServeCommand implements Callable<Integer> {

  @ParentCommand EchomeshCommand root;
  @Mixin DataDirOption dataDir;

  @Parameters(index = "0", paramLabel = "NAME", description = "The task name to offer.")
  String name;

  @Parameters(
      index = "1..*",
      arity = "1..*",
      paramLabel = "COMMAND",
      description = "The command and its arguments, after --.")
  List<String> command;

  @Option(
      names = "--description",
      paramLabel = "TEXT",
      description = "One line shown by `echomesh tasks` (default: the command).")
  String description;

  @Option(
      names = "--concurrency",
      paramLabel = "N",
      defaultValue = "1",
      description =
          "Calls run at once; more get OVERLOADED (default: ${DEFAULT-VALUE}, at most 64).")
  int concurrency;

  @Option(
      names = "--allow",
      paramLabel = "NODE_ID",
      description =
          "Only this node may call the task; repeat for more. Others get DENIED. Default: every"
              + " mesh member.")
  List<String> allow;

  @Override
  public Integer call() throws IOException {
    if (concurrency < 1 || concurrency > 64) {
      throw CliException.usage("--concurrency must be from 1 to 64, got " + concurrency);
    }
    Set<NodeId> allowedCallers = allowedCallers();
    CliContext context = root.context();
    PrintStream err = context.stderr();
    String shown = description != null ? description : String.join(" ", command);
    ExecutorService runners = Executors.newFixedThreadPool(concurrency, ServeCommand::daemon);
    Set<Process> running = ConcurrentHashMap.newKeySet();
    Thread killOnExit = new Thread(() -> running.forEach(CommandRun::kill), "serve-kill-on-exit");
    Runtime.getRuntime().addShutdownHook(killOnExit);
    try (ServeClient serve =
        ServeClient.open(
            dataDir.resolve(context.env()).path(),
            List.of(new ServedTask(name, shown, concurrency, allowedCallers)))) {
      err.println("serving '" + name + "' (" + shown + "); stop with Ctrl-C");
      for (IncomingCall call = serve.next(); call != null; call = serve.next()) {
        IncomingCall incoming = call;
        runners.execute(() -> answer(serve, incoming, running, err));
      }
      err.println("the agent stopped; no longer serving '" + name + "'");
      return ExitCodes.NO_AGENT;
    } finally {
      try {
        Runtime.getRuntime().removeShutdownHook(killOnExit);
      } catch (IllegalStateException shuttingDown) {
        // Ctrl-C: the hook is running and kills the commands.
      }
      running.forEach(CommandRun::kill);
      runners.shutdownNow();
      try {
        runners.awaitTermination(CommandRun.EXIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The node IDs of {@code --allow}, or null when it is not given (every member may call). */
  private Set<NodeId> allowedCallers() {
    if (allow == null) {
      return null;
    }
    Set<NodeId> ids = new HashSet<>();
    for (String id : allow) {
      try {
        ids.add(NodeId.parse(id));
      } catch (IllegalArgumentException e) {
        throw CliException.usage("--allow takes a node ID (echomesh peers shows them), got '" + id + "': "
            + e.getMessage());
      }
    }
    return ids;
  }

  private void answer(
      ServeClient serve, IncomingCall call, Set<Process> running, PrintStream err) {
    TaskResult result = CommandRun.run(command, call.payload(), call.deadline(), running);
    try {
      serve.answer(call.id(), result);
    } catch (ControlException e) {
      if (e.error() == ControlError.CALL_NOT_FOUND) {
        err.println("call " + call.id() + " ended before its result was ready: " + e.getMessage());
      } else {
        err.println("could not answer call " + call.id() + ": " + e.getMessage());
      }
    } catch (IOException e) {
      err.println("could not answer call " + call.id() + ": " + e.getMessage());
    }
  }

  private static Thread daemon(Runnable body) {
    Thread thread = new Thread(body, "echomesh-serve");
    thread.setDaemon(true);
    return thread;
  }
}
