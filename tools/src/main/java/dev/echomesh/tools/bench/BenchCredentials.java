package dev.echomesh.tools.bench;

import dev.echomesh.agent.identity.MeshCa;
import dev.echomesh.agent.identity.MeshKey;
import dev.echomesh.agent.identity.NodeCredentials;
import dev.echomesh.agent.identity.NodeKeys;
import java.security.cert.X509Certificate;
import java.util.Objects;

/**
 * The credentials every TLS contender of the benchmark uses: two real echomesh node
 * credentials (ECDSA P-256 keys, certificates from the mesh CA of a fresh mesh key), so that
 * gRPC, the JSSE floor and the echomesh agents shake hands with the same keys, certificates
 * and trust anchor.
 *
 * @param meshKey the benchmark mesh's key (its agents derive their ping key and mesh ID from it)
 * @param server the listening side (the called agent)
 * @param client the dialing side (the calling agent)
 */
record BenchCredentials(MeshKey meshKey, NodeCredentials server, NodeCredentials client) {

  BenchCredentials {
    Objects.requireNonNull(meshKey, "meshKey");
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(client, "client");
  }

  /** A fresh mesh and two of its members. */
  static BenchCredentials generate() {
    MeshKey meshKey = MeshKey.generate();
    MeshCa ca = MeshCa.fromMeshKey(meshKey);
    return new BenchCredentials(
        meshKey,
        ca.credentials(NodeKeys.generate(), "bench-server"),
        ca.credentials(NodeKeys.generate(), "bench-client"));
  }

  /** The mesh CA certificate: the one trust anchor of both sides. */
  X509Certificate caCertificate() {
    return server.trustAnchors().get(0);
  }

  static X509Certificate[] chain(NodeCredentials node) {
    return node.certificateChain().toArray(new X509Certificate[0]);
  }

  @Override
  public String toString() {
    return "BenchCredentials[mesh=" + meshKey.meshId() + "]";
  }
}
