package dev.echomesh.tools;

import dev.echomesh.agent.control.ControlClient;
import dev.echomesh.agent.peers.Peer;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code echomesh forget PEER}: removes a stale peer from the agent's table now. */
@Command(
    name = "forget",
    mixinStandardHelpOptions = true,
    description = {
      "Removes a peer from the agent's peer table now.",
      "For stale records: a peer that is still running comes back when it is next heard. To keep"
          + " a node out, use `echomesh deny`. LEFT and DEAD peers also leave the table by"
          + " themselves after liveness.forget-after. Exits 4 when PEER names no single peer."
    },
    footer = {
      "",
      "--json prints the peer as it was, with the fields of `echomesh peers --json`.",
    })
final class ForgetCommand implements Callable<Integer> {

  @ParentCommand EchomeshCommand root;
  @Mixin DataDirOption dataDir;

  @Parameters(
      index = "0",
      paramLabel = "PEER",
      description = "Node ID, unique prefix of one, or name.")
  String peer;

  @Option(names = "--json", description = "JSON for scripts (fields below).")
  boolean json;

  @Override
  public Integer call() throws IOException {
    CliContext context = root.context();
    Peer forgotten;
    try (ControlClient agent = ControlClient.connect(dataDir.resolve(context.env()).path())) {
      forgotten = agent.forget(peer);
    }
    if (json) {
      Json.print(context.stdout(), PeerFormat.json(forgotten));
    } else {
      context
          .stdout()
          .println(
              "forgot "
                  + (forgotten.name().isEmpty() ? "" : forgotten.name() + " ")
                  + "("
                  + forgotten.id().shortForm()
                  + "), "
                  + forgotten.state());
    }
    return ExitCodes.OK;
  }
}
