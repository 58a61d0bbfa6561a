package dev.echomesh.tools;

import dev.echomesh.agent.control.ControlClient;
import java.io.IOException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code echomesh reload}: the agent reads its config file again, as on SIGHUP. Exits 1 with the
 * file's one-line error when it is bad (the settings in use stay).
 */
@Command(
    name = "reload",
    mixinStandardHelpOptions = true,
    description = {
      "Makes the agent read its config file again (as SIGHUP does).",
      "Applies the command tasks, the task allow-lists and the config file's deny list without"
          + " dropping links; other settings take effect at the next start. When the file is bad,"
          + " prints its one-line error, keeps the settings in use and exits 1."
    })
final class ReloadCommand implements Callable<Integer> {

  @ParentCommand EchomeshCommand root;
  @Mixin DataDirOption dataDir;

  @Option(names = "--json", description = "JSON for scripts: {\"reloaded\": true}.")
  boolean json;

  @Override
  public Integer call() throws IOException {
    CliContext context = root.context();
    try (ControlClient agent = ControlClient.connect(dataDir.resolve(context.env()).path())) {
      agent.reload();
    }
    if (json) {
      Json.print(context.stdout(), Json.object().put("reloaded", true));
    } else {
      context.stdout().println("reloaded");
    }
    return ExitCodes.OK;
  }
}
