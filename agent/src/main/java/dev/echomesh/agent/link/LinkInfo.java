package dev.echomesh.agent.link;

import dev.echomesh.agent.identity.NodeId;
import java.net.InetSocketAddress;
import java.util.Objects;

/**
 * What the link layer learned about a peer when a link to it came up.
 *
 * @param peer the peer's node ID, proven by its certificate
 * @param name the name it gave in Hello
 * @param remoteAddress the other end of the TCP connection
 * @param dialedByUs true when this node dialed the link
 * @param linkPort the peer's link listener port: the port dialed, or the one it stated in
 *     Hello; 0 when unknown
 * @param udpPort the peer's UDP liveness port from Hello; 0 when not stated
 * @param agentVersion the peer's agent version from Hello
 */
public record LinkInfo(
    NodeId peer,
    String name,
    InetSocketAddress remoteAddress,
    boolean dialedByUs,
    int linkPort,
    int udpPort,
    String agentVersion) {
  public LinkInfo {
    Objects.requireNonNull(peer, "peer");
    Objects.requireNonNull(remoteAddress, "remoteAddress");
  }
}
