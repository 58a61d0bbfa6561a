package dev.echomesh.tools;

import dev.echomesh.agent.identity.CaTool;
import dev.echomesh.agent.identity.DataDirectory;
import dev.echomesh.agent.identity.IdentityStore;
import dev.echomesh.agent.identity.NodeCredentials;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code echomesh ca issue}: makes a complete CA-mode data directory for one device. */
@Command(
    name = "issue",
    mixinStandardHelpOptions = true,
    description = {
      "Issues a node: a new key and a certificate signed by the site CA.",
      "Writes node.key (0600), node.crt, ca.crt and mesh.key (0600) into a new owner-only"
          + " directory: a complete data directory for one device. Copy it to the device over a"
          + " private channel and run `echomesh agent --data-dir DIR` there: the agent then runs"
          + " in CA mode. Never replaces existing keys or certificates."
    })
final class CaIssueCommand implements Callable<Integer> {

  /** A node certificate's validity unless --days says otherwise: CaTool's 825 days. */
  static final String DEFAULT_DAYS = "825";

  @ParentCommand CaCommand ca;

  @Option(
      names = "--ca",
      paramLabel = "DIR",
      required = true,
      description = "The CA directory made by `echomesh ca init`.")
  Path caDir;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      required = true,
      description = "The node's name, recorded in its certificate (1 to 64 printable characters).")
  String name;

  @Option(
      names = "--out",
      paramLabel = "DATA_DIR",
      required = true,
      description = "The data directory to make for the node; must not hold keys or certificates yet.")
  Path out;

  @Option(
      names = "--days",
      paramLabel = "DAYS",
      defaultValue = DEFAULT_DAYS,
      description = "How long the node certificate is valid, in days, 1 to 36500 (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(
      names = "--json",
      description = "One JSON object: id, name, dataDir, meshId, notAfter.")
  boolean json;

  @Override
  public Integer call() {
    CliContext context = ca.context();
    Duration validity = CaValidity.days("echomesh ca issue", days);
    Path caDirectory = caDir.toAbsolutePath().normalize();
    Path nodeDirectory = out.toAbsolutePath().normalize();
    if (nodeDirectory.equals(caDirectory)) {
      throw CliException.usage(
          "echomesh ca issue: --out must be a new directory for the node, not the CA directory");
    }
    NodeCredentials issued;
    try {
      issued = new CaTool(context.clock()).issue(caDirectory, name, nodeDirectory, validity);
    } catch (IllegalArgumentException badName) {
      throw CliException.usage("echomesh ca issue: --name: " + badName.getMessage());
    }
    String meshId = new IdentityStore(DataDirectory.of(nodeDirectory)).meshId().orElseThrow();
    String notAfter = issued.certificate().getNotAfter().toInstant().toString();
    PrintStream stdout = context.stdout();
    if (json) {
      Json.print(
          stdout,
          Json.object()
              .put("id", issued.nodeId().toString())
              .put("name", name)
              .put("dataDir", nodeDirectory.toString())
              .put("meshId", meshId)
              .put("notAfter", notAfter));
      return ExitCodes.OK;
    }
    stdout.println("Issued node '" + name + "' in " + nodeDirectory + ", valid until " + notAfter + ".");
    stdout.println("Node ID: " + issued.nodeId());
    stdout.println(
        "Copy that directory to the device over a private channel (node.key and mesh.key are"
            + " secret), then run there: echomesh agent --data-dir DIR");
    return ExitCodes.OK;
  }
}
