package dev.echomesh.tools;

import dev.echomesh.agent.control.ControlClient;
import java.io.IOException;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code echomesh dashboard}: where the running agent's dashboard is, with its token. */
@Command(
    name = "dashboard",
    mixinStandardHelpOptions = true,
    description = {
      "Prints the address of the agent's dashboard, with the API token.",
      "The dashboard is served on the local API's TCP listener, off unless the agent runs with"
          + " --api-listen 127.0.0.1:PORT or api.listen in its config file. The URL carries the"
          + " token (kept in <data-dir>/api-token) in its fragment: it is a secret, like the token."
          + " Exits 1 when the listener is off, 3 when no agent runs."
    })
final class DashboardCommand implements Callable<Integer> {

  @ParentCommand EchomeshCommand root;
  @Mixin DataDirOption dataDir;

  @Option(
      names = "--url",
      description = "Print the URL alone (for a script: xdg-open \"$(echomesh dashboard --url)\").")
  boolean urlOnly;

  @Override
  public Integer call() throws IOException {
    CliContext context = root.context();
    Optional<String> url;
    try (ControlClient agent = ControlClient.connect(dataDir.resolve(context.env()).path())) {
      url = agent.dashboardUrl();
    }
    if (url.isEmpty()) {
      throw new CliException(
          ExitCodes.ERROR,
          "echomesh dashboard: the agent's TCP listener is off; start the agent with --api-listen"
              + " 127.0.0.1:47280 or set api.listen = \"127.0.0.1:47280\" in its config file");
    }
    if (urlOnly) {
      context.stdout().println(url.get());
    } else {
      context.stdout().println("Open in a browser on this machine (the address holds the API token: keep it to yourself):");
      context.stdout().println("  " + url.get());
    }
    return ExitCodes.OK;
  }
}
