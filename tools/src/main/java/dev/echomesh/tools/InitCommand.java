package dev.echomesh.tools;

import dev.echomesh.agent.identity.DataDirectory;
import dev.echomesh.agent.identity.IdentityStore;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code echomesh init}: makes a new mesh and prints its join code. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Makes a new mesh and prints its join code.",
      "Stores a random mesh key in the data directory and prints its join code on stdout (only"
          + " that, so CODE=$(echomesh init) works); give it to `echomesh join` on every other"
          + " device. Keep it secret: whoever has it can join."
    })
final class InitCommand implements Callable<Integer> {

  @ParentCommand EchomeshCommand root;
  @Mixin DataDirOption dataDir;

  @Option(
      names = "--force",
      description = "Replace an existing mesh key: this node leaves its mesh.")
  boolean force;

  @Override
  public Integer call() {
    CliContext context = root.context();
    DataDirectory directory = dataDir.resolve(context.env());
    IdentityStore store = new IdentityStore(directory);
    String joinCode = store.init(force);
    context.stdout().println(joinCode);
    PrintStream err = context.stderr();
    err.println("Made mesh " + store.meshId().orElse("?") + " in " + directory + ".");
    err.println("This node: " + store.nodeId());
    err.println(
        "Next: `echomesh join CODE` on each other device, then `echomesh agent` everywhere.");
    return ExitCodes.OK;
  }
}
