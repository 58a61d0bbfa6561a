package dev.echomesh.agent.discovery;

import dev.echomesh.agent.identity.NodeId;
import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What mDNS discovery hears, for diagnosis ({@code echomesh doctor}): whether this node's own
 * announcement comes back to it (if not, multicast does not work on its interfaces: a firewall
 * dropping mDNS, a disabled or misrouted multicast path), and which nodes of other meshes announce
 * themselves on the LAN.
 *
 * @param enabled whether mDNS discovery is on
 * @param interfaces the interfaces mDNS runs on now
 * @param announcingFor time since this node first announced itself; zero when it has not (yet)
 * @param ownHeardAgo time since this node's own announcement last came back to it; empty when it
 *     never did
 * @param otherMeshNodes nodes of other meshes heard, most recently heard first, at most {@link
 *     #MAX_OTHER_MESH_NODES}
 */
public record DiscoveryReport(
    boolean enabled,
    List<String> interfaces,
    Duration announcingFor,
    Optional<Duration> ownHeardAgo,
    List<OtherMeshNode> otherMeshNodes) {

  /** Most nodes of other meshes remembered; the least recently heard are forgotten first. */
  public static final int MAX_OTHER_MESH_NODES = 32;

  /** The report of an agent whose discovery is off. */
  public static final DiscoveryReport OFF =
      new DiscoveryReport(false, List.of(), Duration.ZERO, Optional.empty(), List.of());

  public DiscoveryReport {
    interfaces = List.copyOf(interfaces);
    Objects.requireNonNull(announcingFor, "announcingFor");
    Objects.requireNonNull(ownHeardAgo, "ownHeardAgo");
    otherMeshNodes = List.copyOf(otherMeshNodes);
  }

  /**
   * A node of another mesh, as its mDNS announcement described it.
   *
   * @param meshId the mesh it belongs to (its public mesh ID)
   * @param nodeId its node ID
   * @param name its node name (as announced; untrusted text)
   * @param addresses the addresses it announced
   * @param interfaceName our interface it was heard on
   * @param lastHeardAgo time since it was last heard
   */
  public record OtherMeshNode(String meshId, NodeId nodeId, String name, List<InetAddress> addresses,
      String interfaceName, Duration lastHeardAgo) {

    public OtherMeshNode {
      Objects.requireNonNull(meshId, "meshId");
      Objects.requireNonNull(nodeId, "nodeId");
      Objects.requireNonNull(name, "name");
      addresses = List.copyOf(addresses);
      Objects.requireNonNull(interfaceName, "interfaceName");
      Objects.requireNonNull(lastHeardAgo, "lastHeardAgo");
    }
  }
}
