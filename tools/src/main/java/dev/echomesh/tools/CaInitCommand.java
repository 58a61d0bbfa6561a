package dev.echomesh.tools;

import dev.echomesh.agent.identity.CaTool;
import dev.echomesh.agent.identity.DataDirectory;
import dev.echomesh.agent.identity.IdentityStore;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code echomesh ca init}: makes a site CA (key, certificate, mesh key) in a new directory. */
@Command(
    name = "init",
    mixinStandardHelpOptions = true,
    description = {
      "Makes a site CA.",
      "Writes ca.key (the CA's private key, 0600), ca.crt (the certificate every node trusts)"
          + " and mesh.key (the key of the liveness pings, 0600) into a new owner-only directory."
          + " Never replaces an existing CA. Keep that directory offline: whoever has ca.key can"
          + " make members."
    })
final class CaInitCommand implements Callable<Integer> {

  /** The CA certificate's validity unless --days says otherwise: CaTool's 10 years. */
  static final String DEFAULT_DAYS = "3650";

  @ParentCommand CaCommand ca;

  @Option(
      names = "--dir",
      paramLabel = "DIR",
      defaultValue = "echomesh-ca",
      description = "Where the CA's files go; made owner-only if missing (default: ./${DEFAULT-VALUE}).")
  Path dir;

  @Option(
      names = "--name",
      paramLabel = "NAME",
      defaultValue = "echomesh site CA",
      description =
          "The CA's common name, also the organization of the node certificates it issues"
              + " (default: '${DEFAULT-VALUE}').")
  String name;

  @Option(
      names = "--days",
      paramLabel = "DAYS",
      defaultValue = DEFAULT_DAYS,
      description = "How long the CA certificate is valid, in days, 1 to 36500 (default: ${DEFAULT-VALUE}).")
  int days;

  @Option(
      names = "--json",
      description = "One JSON object: dir, name, meshId, notAfter, caKey, caCertificate, meshKey.")
  boolean json;

  @Override
  public Integer call() {
    CliContext context = ca.context();
    Duration validity = CaValidity.days("echomesh ca init", days);
    if (name.isBlank()) {
      throw CliException.usage("echomesh ca init: --name must not be blank");
    }
    Path directory = dir.toAbsolutePath().normalize();
    X509Certificate certificate = new CaTool(context.clock()).initCa(directory, name, validity);
    String meshId = new IdentityStore(DataDirectory.of(directory)).meshId().orElseThrow();
    Path caKey = directory.resolve("ca.key");
    Path caCertificate = directory.resolve("ca.crt");
    Path meshKey = directory.resolve("mesh.key");
    String notAfter = certificate.getNotAfter().toInstant().toString();
    PrintStream out = context.stdout();
    if (json) {
      Json.print(
          out,
          Json.object()
              .put("dir", directory.toString())
              .put("name", name)
              .put("meshId", meshId)
              .put("notAfter", notAfter)
              .put("caKey", caKey.toString())
              .put("caCertificate", caCertificate.toString())
              .put("meshKey", meshKey.toString()));
      return ExitCodes.OK;
    }
    out.println("Made site CA '" + name + "' in " + directory + " (mesh " + meshId + ", valid until " + notAfter + ").");
    out.println("  ca.key    the CA's private key: KEEP IT OFFLINE; whoever has it can make members");
    out.println("  ca.crt    the CA certificate: every node trusts it, it is not secret");
    out.println("  mesh.key  the key of the liveness pings: `ca issue` copies it to each node");
    out.println("Next, for each device: echomesh ca issue --ca " + directory + " --name NODE --out NODE_DIR");
    return ExitCodes.OK;
  }
}
