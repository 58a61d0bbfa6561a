package dev.echomesh.tools;

import dev.echomesh.agent.identity.DataDirectory;
import dev.echomesh.agent.identity.IdentityStore;
import dev.echomesh.agent.identity.MeshKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code echomesh join CODE}: stores a mesh's key on this device. */
@Command(
    name = "join",
    mixinStandardHelpOptions = true,
    description = {
      "Joins a mesh with its join code.",
      "Stores the mesh key of a join code (from `echomesh init` on another device) in the data"
          + " directory. Then start the agent with `echomesh agent`."
    })
final class JoinCommand implements Callable<Integer> {

  /** A join code is 73 characters; anything much longer on stdin is not one. */
  private static final int MAX_CODE_BYTES = 1024;

  @ParentCommand EchomeshCommand root;
  @Mixin DataDirOption dataDir;

  @Parameters(
      paramLabel = "CODE",
      description =
          "The join code, e.g. EM1-ABCD-...; '-' reads it from stdin (keeps it out of"
              + " shell history and the process list).")
  String code;

  @Option(
      names = "--force",
      description = "Replace a different mesh key: this node leaves its mesh.")
  boolean force;

  @Override
  public Integer call() throws IOException {
    CliContext context = root.context();
    String text = code.equals("-") ? readStdin(context) : code;
    DataDirectory directory = dataDir.resolve(context.env());
    MeshKey key;
    try {
      key = new IdentityStore(directory).join(text, force);
    } catch (IllegalArgumentException badCode) {
      throw CliException.usage("echomesh join: " + badCode.getMessage());
    }
    context.stdout().println("Joined mesh " + key.meshId() + " (data dir " + directory + ").");
    context.stderr().println("Next: `echomesh agent` to start this node.");
    return ExitCodes.OK;
  }

  /** The first line of stdin (at most {@value #MAX_CODE_BYTES} bytes); prompts on a terminal. */
  private static String readStdin(CliContext context) throws IOException {
    if (context.terminal()) {
      context.stderr().print("Join code: ");
      context.stderr().flush();
    }
    ByteArrayOutputStream line = new ByteArrayOutputStream();
    int b;
    while (line.size() < MAX_CODE_BYTES && (b = context.stdin().read()) != -1 && b != '\n') {
      line.write(b);
    }
    return line.toString(StandardCharsets.US_ASCII).strip();
  }
}
