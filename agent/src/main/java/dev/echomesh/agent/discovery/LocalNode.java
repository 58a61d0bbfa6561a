package dev.echomesh.agent.discovery;

import dev.echomesh.agent.identity.NodeId;
import java.util.Objects;

/**
 * What this node announces about itself (besides the per-interface MAC and addresses).
 *
 * @param nodeId this node's ID
 * @param name this node's name; the mDNS instance name. 1 to 63 UTF-8 bytes, no control
 *     characters
 * @param meshId the public mesh ID; nodes of other meshes ignore the announcement
 * @param linkPort TCP port of the link listener, 1-65535
 * @param udpPort UDP port of the liveness socket, 1-65535
 */
public record LocalNode(NodeId nodeId, String name, String meshId, int linkPort, int udpPort) {

  /** Longest node name: one DNS label (RFC 6763 instance names are a single label). */
  public static final int MAX_NAME_BYTES = 63;

  public LocalNode {
    Objects.requireNonNull(nodeId, "nodeId");
    AnnouncementCodec.requireName(name);
    AnnouncementCodec.requireMeshId(meshId);
    AnnouncementCodec.requirePort("linkPort", linkPort);
    AnnouncementCodec.requirePort("udpPort", udpPort);
  }
}
