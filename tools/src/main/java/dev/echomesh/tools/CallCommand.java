package dev.echomesh.tools;

import dev.echomesh.agent.control.AnyCallOutcome;
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
 * {@code echomesh call PEER TASK [PAYLOAD]}: calls a task on a peer through the local agent; {@code
 * echomesh call --any TASK [PAYLOAD]}: on any peer that offers it, with fail-over.
 *
 * <p>On OK the result payload goes to stdout, byte for byte, and the exit code is 0. Otherwise
 * {@code STATUS: message} goes to stderr and the exit code says which status (see {@link
 * ExitCodes}: 5 NOT_FOUND, 6 DENIED, 7 INVALID, 8 FAILED, 9 TIMEOUT, 10 OVERLOADED, 11 CANCELLED,
 * 12 UNAVAILABLE; 3 no agent running, 4 no such peer, 2 usage, 1 other errors). With {@code --any},
 * a line on stderr names the peer that answered and how many were tried.
 */
@Command(
    name = "call",
    mixinStandardHelpOptions = true,
    customSynopsis = {
      "echomesh call [OPTIONS] PEER TASK [PAYLOAD]",
      "   or: echomesh call [OPTIONS] --any TASK [--select rtt|load|random] [--tag KEY=VALUE]...",
      "                     [--idempotency-key KEY] [PAYLOAD]",
    },
    description = {
      "Calls a task on a peer, or on any peer that offers it.",
      "Calls TASK on PEER through the local agent and prints the result payload on stdout. On"
          + " any status but OK, prints `STATUS: message` on stderr and exits with the status's"
          + " code (below).",
      "With --any TASK, the agent picks among the ALIVE peers that offer TASK (and announce every"
          + " --tag), in the --select order, and goes on to the next when one is unreachable,"
          + " overloaded, lacks the task or dies before the task ran, all within --timeout. Every"
          + " try carries one idempotency key, so the task runs at most once on a peer even when a"
          + " result is lost and the call is retried. A line on stderr names the peer that answered"
          + " and how many were tried."
    },
    footer = {
      "",
      Payloads.HELP,
      "",
      "Examples:",
      "  echomesh call alice reverse 'hello world'",
      "  echomesh call MFRG sysinfo --json",
      "  echomesh call bob file.list",
      "  echomesh call --any reverse 'hello world'",
      "  echomesh call --any sysinfo --select load --tag role=camera --json",
      "  echomesh call --any echo --idempotency-key order-17 'pay 5 EUR'",
      "",
    })
final class CallCommand implements Callable<Integer> {

  @ParentCommand EchomeshCommand root;
  @Mixin DataDirOption dataDir;
  @Mixin TimeoutOption timeout;
  @Mixin AnyCallOptions any;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "PEER",
      description = "Node ID, unique prefix of one, or name (not with --any).")
  String peer;

  @Parameters(
      index = "1",
      arity = "0..1",
      paramLabel = "TASK",
      description = "Task name, e.g. echo, reverse, sysinfo.")
  String task;

  @Parameters(index = "2", arity = "0..1", paramLabel = "PAYLOAD", description = "See below.")
  String payload;

  @Option(
      names = "--json",
      description =
          "Print {id, name, status, message, payload} (or payloadBase64 for binary) as JSON,"
              + " whatever the status; with --any also peersTried and attempts (id and name are"
              + " absent when no peer was called).")
  boolean json;

  @Override
  public Integer call() throws IOException {
    any.requireAnyForItsOptions();
    if (any.any()) {
      return callAny();
    }
    if (peer == null || task == null) {
      throw CliException.usage("PEER and TASK are required (or --any TASK)");
    }
    CliContext context = root.context();
    byte[] bytes = Payloads.read(payload, context.stdin());
    CallOutcome outcome;
    try (ControlClient agent = ControlClient.connect(dataDir.resolve(context.env()).path())) {
      outcome = agent.call(peer, task, bytes, timeout.get());
    }
    if (json) {
      Json.print(context.stdout(), Json.outcome(outcome));
    }
    return finish(outcome.result(), context);
  }

  /** With --any TASK, the first positional argument is the payload: there is no PEER. */
  private int callAny() throws IOException {
    if (task != null) {
      throw CliException.usage("with --any, give TASK to --any and at most a PAYLOAD, not a PEER");
    }
    CliContext context = root.context();
    byte[] bytes = Payloads.read(peer, context.stdin());
    AnyCallOutcome outcome;
    try (ControlClient agent = ControlClient.connect(dataDir.resolve(context.env()).path())) {
      outcome = agent.callAny(any.task, any.selector(), bytes, timeout.get(), any.key());
    }
    if (json) {
      Json.print(context.stdout(), AnyCallOutput.json(outcome));
    }
    int exit = finish(outcome.result(), context);
    if (!json) {
      context.stderr().println(AnyCallOutput.triesLine(outcome));
    }
    return exit;
  }

  /** Writes the payload (unless --json) or the status line; the exit code of the result. */
  private int finish(TaskResult result, CliContext context) {
    if (!json && result.isOk()) {
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
