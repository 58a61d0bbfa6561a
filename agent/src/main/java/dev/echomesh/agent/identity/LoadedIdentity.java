package dev.echomesh.agent.identity;

import java.util.Objects;

/**
 * What an agent needs to start: its link credentials and the mesh's UDP/mDNS secrets.
 *
 * @param credentials the node's key, certificate chain and trust anchors, for TLS links
 * @param secrets the ping HMAC key and the public mesh ID
 */
public record LoadedIdentity(NodeCredentials credentials, MeshSecrets secrets) {

  public LoadedIdentity {
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(secrets, "secrets");
  }

  /** This node's ID. */
  public NodeId nodeId() {
    return credentials.nodeId();
  }
}
