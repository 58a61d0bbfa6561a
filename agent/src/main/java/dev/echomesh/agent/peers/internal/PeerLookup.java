package dev.echomesh.agent.peers.internal;

import dev.echomesh.agent.peers.Peer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Resolves what a person types for PEER: a full node ID, a unique node ID prefix (case and
 * dashes ignored), or a node name. An exact name wins over a prefix, so a node named "abc" is
 * found by "abc" even when some node ID starts with ABC.
 */
final class PeerLookup {

  /** Shortest prefix accepted, so that one or two typed letters don't pick a random peer. */
  static final int MIN_PREFIX_CHARS = 3;

  private PeerLookup() {}

  static Optional<Peer> find(Collection<Peer> peers, String query) {
    String wanted = query == null ? "" : query.trim();
    if (wanted.isEmpty()) {
      throw new IllegalArgumentException("no peer given: name a node ID, an ID prefix or a name");
    }
    List<Peer> byName = new ArrayList<>();
    List<Peer> byPrefix = new ArrayList<>();
    for (Peer peer : peers) {
      if (peer.name().equals(wanted)) {
        byName.add(peer);
      } else if (compactLength(wanted) >= MIN_PREFIX_CHARS && peer.id().matchesPrefix(wanted)) {
        byPrefix.add(peer);
      }
    }
    List<Peer> matches = byName.isEmpty() ? byPrefix : byName;
    if (matches.size() > 1) {
      throw new IllegalArgumentException(
          "\"" + wanted + "\" matches " + matches.size() + " peers ("
              + matches.stream().map(p -> p.name() + " " + p.id().shortForm())
                  .collect(Collectors.joining(", "))
              + "): give more of the node ID");
    }
    return matches.stream().findFirst();
  }

  private static int compactLength(String text) {
    return text.replace("-", "").replace(" ", "").length();
  }
}
