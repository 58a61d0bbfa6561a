package dev.echomesh.tools;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.echomesh.agent.identity.IdentityStore;
import dev.echomesh.agent.identity.NodeCredentials;
import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.identity.PemCredentialFiles;
import dev.echomesh.agent.identity.TrustMode;
import java.security.cert.X509Certificate;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code echomesh id}: prints this node's ID, and on stderr whom its links trust. */
@Command(
    name = "id",
    mixinStandardHelpOptions = true,
    description = {
      "Prints this node's ID.",
      "The node ID is the SHA-256 of the node's public key, in grouped base32; it stays the same"
          + " across restarts and address changes. Makes the node key if there is none yet"
          + " (mesh-key mode only). The trust mode follows on stderr: 'mesh key', or 'site CA'"
          + " when the data directory holds node.crt and ca.crt from `echomesh ca issue`; in CA"
          + " mode the certificate is checked as the agent would, and a broken one is an error."
    })
final class IdCommand implements Callable<Integer> {

  @ParentCommand EchomeshCommand root;
  @Mixin DataDirOption dataDir;

  @Option(
      names = "--json",
      description =
          "One JSON object: id, trustMode (mesh-key or ca), meshId (absent without a mesh key);"
              + " in CA mode also certificate {subject, issuer, notAfter}.")
  boolean json;

  @Override
  public Integer call() {
    CliContext context = root.context();
    IdentityStore store = new IdentityStore(dataDir.resolve(context.env()), context.clock());
    TrustMode mode = store.trustMode();
    Optional<X509Certificate> certificate = Optional.empty();
    NodeId id;
    if (mode == TrustMode.CA) {
      NodeCredentials credentials = PemCredentialFiles.in(store.directory()).load(context.clock());
      id = credentials.nodeId();
      certificate = Optional.of(credentials.certificate());
    } else {
      id = store.nodeId();
    }
    Optional<String> meshId = store.meshId();
    if (json) {
      ObjectNode node = Json.object().put("id", id.toString()).put("trustMode", mode.jsonName());
      meshId.ifPresent(mesh -> node.put("meshId", mesh));
      certificate.ifPresent(
          cert ->
              node.set(
                  "certificate",
                  Json.object()
                      .put("subject", cert.getSubjectX500Principal().getName())
                      .put("issuer", cert.getIssuerX500Principal().getName())
                      .put("notAfter", cert.getNotAfter().toInstant().toString())));
      Json.print(context.stdout(), node);
      return ExitCodes.OK;
    }
    context.stdout().println(id);
    String mesh = meshId.map(m -> "mesh " + m).orElse("no mesh key yet");
    context.stderr().println(
        certificate
            .map(cert -> "trust: site CA (" + cert.getIssuerX500Principal().getName()
                + "), certificate valid until " + cert.getNotAfter().toInstant() + "; " + mesh)
            .orElse("trust: mesh key; " + mesh));
    return ExitCodes.OK;
  }
}
