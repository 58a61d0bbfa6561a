package dev.echomesh.agent.identity;

import java.util.Objects;

/**
 * The mesh-wide values the UDP and mDNS layers need.
 *
 * @param meshId public mesh identifier announced in mDNS TXT {@code mesh}, so that two meshes
 *     on one LAN ignore each other; safe to show
 * @param pingKey HMAC-SHA256 key of every UDP datagram (32 bytes); secret, never logged
 */
public record MeshSecrets(String meshId, byte[] pingKey) {

  public MeshSecrets {
    Objects.requireNonNull(meshId, "meshId");
    Objects.requireNonNull(pingKey, "pingKey");
    if (pingKey.length < 32) {
      throw new IllegalArgumentException("the ping key needs at least 32 bytes");
    }
    pingKey = pingKey.clone();
  }

  @Override
  public byte[] pingKey() {
    return pingKey.clone();
  }

  @Override
  public String toString() {
    return "MeshSecrets[meshId=" + meshId + ", pingKey=<hidden>]";
  }
}
