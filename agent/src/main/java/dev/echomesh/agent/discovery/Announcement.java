package dev.echomesh.agent.discovery;

import dev.echomesh.agent.identity.NodeId;
import java.net.InetAddress;
import java.util.List;
import java.util.Objects;

/**
 * Another node of this mesh as it announced itself over mDNS on one of our interfaces.
 *
 * @param nodeId its node ID (TXT {@code id})
 * @param name its name (TXT {@code name})
 * @param meshId its mesh ID (TXT {@code mesh}); always this node's mesh ID
 * @param addresses the addresses its mDNS records give, IPv4 first, each family in byte order
 * @param linkPort TCP port of its link listener (the SRV port)
 * @param udpPort UDP port of its liveness socket (TXT {@code udp})
 * @param mac the MAC of its announcing interface (TXT {@code mac}), lower-case colon-separated
 *     hex; empty when it announced none
 * @param interfaceName our interface it was heard on
 */
public record Announcement(
    NodeId nodeId,
    String name,
    String meshId,
    List<InetAddress> addresses,
    int linkPort,
    int udpPort,
    String mac,
    String interfaceName) {

  public Announcement {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(meshId, "meshId");
    addresses = List.copyOf(addresses);
    Objects.requireNonNull(mac, "mac");
    Objects.requireNonNull(interfaceName, "interfaceName");
  }
}
