package dev.echomesh.agent.control;

import dev.echomesh.agent.Agent;
import dev.echomesh.agent.peers.Peer;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** Turns what a user typed (node ID, unique prefix, or name) into a peer, or a clear error. */
final class PeerResolver {

  /** How many known peers a "not found" message lists as suggestions. */
  private static final int MAX_SUGGESTIONS = 5;

  private final Agent agent;

  PeerResolver(Agent agent) {
    this.agent = agent;
  }

  /**
   * @throws ControlException MALFORMED_REQUEST for a blank query, PEER_AMBIGUOUS when it matches
   *     several peers, PEER_NOT_FOUND when it matches none
   */
  Peer resolve(String query) throws ControlException {
    if (query.isBlank()) {
      throw new ControlException(ControlError.MALFORMED_REQUEST, "a peer is required");
    }
    Optional<Peer> found;
    try {
      found = agent.findPeer(query);
    } catch (IllegalArgumentException ambiguous) {
      throw new ControlException(ControlError.PEER_AMBIGUOUS, ambiguous.getMessage());
    }
    if (found.isPresent()) {
      return found.get();
    }
    if (query.equals(agent.name()) || agent.nodeId().matchesPrefix(query)) {
      throw new ControlException(
          ControlError.PEER_NOT_FOUND,
          "'" + query + "' is this node (" + agent.name() + "); name another node");
    }
    throw new ControlException(ControlError.PEER_NOT_FOUND, notFoundMessage(query));
  }

  private String notFoundMessage(String query) {
    List<Peer> peers = agent.peers();
    if (peers.isEmpty()) {
      return "no peer matches '" + query + "': this agent knows no peers yet";
    }
    String known =
        peers.stream()
            .limit(MAX_SUGGESTIONS)
            .map(p -> (p.name().isEmpty() ? "" : p.name() + " ") + "(" + p.id().shortForm() + ")")
            .collect(Collectors.joining(", "));
    String more = peers.size() > MAX_SUGGESTIONS ? ", ..." : "";
    return "no peer matches '" + query + "'; known peers: " + known + more;
  }
}
