package dev.echomesh.agent.identity;

import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Objects;

/**
 * What a node presents and trusts on links: its private key, its certificate chain (leaf
 * first, signed by the mesh CA) and the mesh's trust anchors.
 *
 * <p>{@code nodeId} is always {@code NodeId.of(certificateChain.get(0).getPublicKey())}.
 *
 * @param nodeId this node's ID
 * @param privateKey the node's private key (ECDSA P-256); never logged, never sent
 * @param certificateChain the node certificate first, then any intermediates
 * @param trustAnchors the CA certificates a peer's chain must end at
 */
public record NodeCredentials(
    NodeId nodeId,
    PrivateKey privateKey,
    List<X509Certificate> certificateChain,
    List<X509Certificate> trustAnchors) {

  public NodeCredentials {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(privateKey, "privateKey");
    certificateChain = List.copyOf(certificateChain);
    trustAnchors = List.copyOf(trustAnchors);
    if (certificateChain.isEmpty()) {
      throw new IllegalArgumentException("a node needs its certificate");
    }
    if (trustAnchors.isEmpty()) {
      throw new IllegalArgumentException("a node needs at least one trust anchor");
    }
    NodeId fromCertificate = NodeId.of(certificateChain.get(0).getPublicKey());
    if (!fromCertificate.equals(nodeId)) {
      throw new IllegalArgumentException(
          "node ID " + nodeId + " does not match its certificate (" + fromCertificate + ")");
    }
  }

  /** The node certificate (the first of the chain). */
  public X509Certificate certificate() {
    return certificateChain.get(0);
  }

  @Override
  public String toString() {
    return "NodeCredentials[" + nodeId + "]";
  }
}
