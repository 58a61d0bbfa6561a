package dev.echomesh.agent.control;

import dev.echomesh.agent.identity.NodeId;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * Turns a {@code {node}} path segment into a node ID: a full node ID (any node, known or not), or
 * else a unique prefix of one of {@code candidates}.
 */
final class NodeArgument {

  private NodeArgument() {}

  /**
   * @param candidates the nodes a prefix may name
   * @param fallback resolves text that is neither a full ID nor a candidate's prefix (e.g. a peer
   *     name); empty when it names nothing
   * @throws ControlException MALFORMED_REQUEST when {@code text} is blank, PEER_AMBIGUOUS when a
   *     prefix matches several candidates, PEER_NOT_FOUND when nothing matches
   */
  static NodeId resolve(String text, Collection<NodeId> candidates, Fallback fallback)
      throws ControlException {
    if (text.isBlank()) {
      throw new ControlException(ControlError.MALFORMED_REQUEST, "a node ID is required");
    }
    try {
      return NodeId.parse(text);
    } catch (IllegalArgumentException notAFullId) {
      List<NodeId> matches = candidates.stream().filter(id -> id.matchesPrefix(text)).toList();
      if (matches.size() == 1) {
        return matches.get(0);
      }
      if (matches.size() > 1) {
        throw new ControlException(
            ControlError.PEER_AMBIGUOUS,
            "'" + text + "' matches " + matches.size() + " nodes; give more of the node ID");
      }
      Optional<NodeId> other = fallback.resolve(text);
      if (other.isPresent()) {
        return other.get();
      }
      throw new ControlException(
          ControlError.PEER_NOT_FOUND,
          "'" + text + "' is not a node ID (" + notAFullId.getMessage() + ") and matches none");
    }
  }

  /** The last way to find a node. */
  @FunctionalInterface
  interface Fallback {
    Optional<NodeId> resolve(String text) throws ControlException;
  }
}
