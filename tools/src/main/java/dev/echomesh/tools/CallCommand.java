package dev.echomesh.tools;

import dev.echomesh.agent.control.CallOutcome;
import dev.echomesh.agent.control.ControlClient;
import dev.echomesh.agent.task.TaskResult;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code echomesh call PEER TASK [PAYLOAD]}: calls a task on a peer through the local agent.
 *
 * <p>On OK the result payload goes to stdout, byte for byte, and the exit code is 0. Otherwise
 * {@code STATUS: message} goes to stderr and the exit code says which status (see {@link
 * ExitCodes}: 5 NOT_FOUND, 6 DENIED, 7 INVALID, 8 FAILED, 9 TIMEOUT, 10 OVERLOADED, 11 CANCELLED,
 * 12 UNAVAILABLE; 3 no agent running, 4 no such peer, 2 usage, 1 other errors).
 */
@Command(
    name = "call",
    mixinStandardHelpOptions = true,
    description = {
      "Calls a task on a peer.",
      "Calls TASK on PEER through the local agent and prints the result payload on stdout. On"
          + " any status but OK, prints `STATUS: message` on stderr and exits with the status's"
          + " code (below)."
    },
    footer = {
      "",
      Payloads.HELP,
      "",
      "Examples:",
      "  echomesh call alice reverse 'hello world'",
      "  echomesh call MFRG sysinfo --json",
      "  echomesh call bob file.list",
      "",
    })
final class CallCommand implements Callable<Integer> {

  @ParentCommand EchomeshCommand root;
  @Mixin DataDirOption dataDir;
  @Mixin TimeoutOption timeout;

  @Parameters(
      index = "0",
      paramLabel = "PEER",
      description = "Node ID, unique prefix of one, or name.")
  String peer;

  @Parameters(
      index = "1",
      paramLabel = "TASK",
      description = "Task name, e.g. echo, reverse, sysinfo.")
  String task;

  @Parameters(index = "2", paramLabel = "PAYLOAD", arity = "0..1", description = "See below.")
  String payload;

  @Option(
      names = "--json",
      description =
          "Print {id, name, status, message, payload} (or payloadBase64 for binary) as JSON,"
              + " whatever the status.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    CliContext context = root.context();
    byte[] bytes = Payloads.read(payload, context.stdin());
    CallOutcome outcome;
    try (ControlClient agent = ControlClient.connect(dataDir.resolve(context.env()).path())) {
      outcome = agent.call(peer, task, bytes, timeout.get());
    }
    TaskResult result = outcome.result();
    PrintStream out = context.stdout();
    if (json) {
      Json.print(out, Json.outcome(outcome));
    } else if (result.isOk()) {
      writePayload(result.payload(), context);
    }
    if (!result.isOk()) {
      context.stderr().println(Calls.statusLine(result.status(), result.message()));
    }
    return ExitCodes.of(result.status());
  }

  /** The bytes as they are; on a terminal, a final newline when the text lacks one. */
  private static void writePayload(byte[] payload, CliContext context) {
    PrintStream out = context.stdout();
    out.write(payload, 0, payload.length);
    if (context.terminal() && payload.length > 0 && payload[payload.length - 1] != '\n') {
      out.println();
    }
    out.flush();
  }
}
