package dev.echomesh.tools;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.echomesh.agent.control.CallOutcome;
import dev.echomesh.agent.control.ControlClient;
import dev.echomesh.agent.task.TaskResult;
import java.io.IOException;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code echomesh broadcast TASK [PAYLOAD]}: calls a task on every ALIVE peer at once. */
@Command(
    name = "broadcast",
    mixinStandardHelpOptions = true,
    description = {
      "Calls a task on every ALIVE peer at once.",
      "Prints each peer's result or error, in node ID order. Exits 0 when every peer answered"
          + " OK, 13 when at least one did not."
    },
    footer = {"", Payloads.HELP})
final class BroadcastCommand implements Callable<Integer> {

  @ParentCommand EchomeshCommand root;
  @Mixin DataDirOption dataDir;
  @Mixin TimeoutOption timeout;

  @Parameters(index = "0", paramLabel = "TASK", description = "Task name, e.g. echo, sysinfo.")
  String task;

  @Parameters(index = "1", paramLabel = "PAYLOAD", arity = "0..1", description = "See below.")
  String payload;

  @Option(
      names = "--json",
      description =
          "A JSON array: one {id, name, status, message, payload|payloadBase64} per peer.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    CliContext context = root.context();
    byte[] bytes = Payloads.read(payload, context.stdin());
    List<CallOutcome> outcomes;
    try (ControlClient agent = ControlClient.connect(dataDir.resolve(context.env()).path())) {
      outcomes = agent.broadcast(task, bytes, timeout.get());
    }
    PrintStream out = context.stdout();
    if (json) {
      ArrayNode array = Json.array();
      outcomes.forEach(outcome -> array.add(Json.outcome(outcome)));
      Json.print(out, array);
    } else {
      outcomes.forEach(outcome -> print(outcome, out));
    }
    if (outcomes.isEmpty()) {
      context.stderr().println("echomesh: no ALIVE peers, nothing was called");
    }
    return outcomes.stream().allMatch(outcome -> outcome.result().isOk())
        ? ExitCodes.OK
        : ExitCodes.PARTIAL;
  }

  /** {@code == alice (MFRG-GZDF) OK} and the payload as text (or its size when binary). */
  private static void print(CallOutcome outcome, PrintStream out) {
    TaskResult result = outcome.result();
    String who =
        (outcome.peerName().isEmpty() ? "" : outcome.peerName() + " ")
            + "("
            + outcome.peer().shortForm()
            + ")";
    out.println("== " + who + " " + Calls.statusLine(result.status(), result.message()));
    if (result.isOk() && result.payload().length > 0) {
      Optional<String> text = Json.utf8(result.payload());
      out.println(
          text.map(String::stripTrailing)
              .orElse("<" + result.payload().length + " bytes of binary data>"));
    }
  }
}
