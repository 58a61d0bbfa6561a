package dev.echomesh.tools;

import dev.echomesh.agent.identity.IdentityStore;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

/** {@code echomesh id}: prints this node's ID. */
@Command(
    name = "id",
    mixinStandardHelpOptions = true,
    description = {
      "Prints this node's ID.",
      "The node ID is the SHA-256 of the node's public key, in grouped base32; it stays the same"
          + " across restarts and address changes. Makes the node key if there is none yet."
    })
final class IdCommand implements Callable<Integer> {

  @ParentCommand EchomeshCommand root;
  @Mixin DataDirOption dataDir;

  @Override
  public Integer call() {
    CliContext context = root.context();
    context.stdout().println(new IdentityStore(dataDir.resolve(context.env())).nodeId());
    return ExitCodes.OK;
  }
}
