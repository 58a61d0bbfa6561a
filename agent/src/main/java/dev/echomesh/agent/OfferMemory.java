package dev.echomesh.agent;

import dev.echomesh.agent.identity.NodeId;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which tasks peers are known not to offer, learned from their NOT_FOUND answers and kept per
 * peer incarnation: a peer's tasks change only when it restarts (plugins, command tasks and
 * built-ins are read at start; a reload changes allow-lists only), and a restart brings a new
 * incarnation, which forgets what was learned.
 *
 * <p>Why learned rather than announced: it costs no traffic and no protocol field (task lists
 * can be long; pings go out five times a second), and a NOT_FOUND answer proves the task did
 * not run, so trying a peer that lacks the task costs one round trip once per incarnation, never
 * a duplicated run. Bounded by the peer table: entries of peers no longer in it are dropped by
 * {@link #retain}. Thread-safe.
 */
final class OfferMemory {

  /** Most task names remembered as missing per peer; a peer's names past it are not remembered. */
  static final int MAX_MISSING_PER_PEER = 256;

  private record Missing(long incarnation, Set<String> tasks) {}

  private final Map<NodeId, Missing> missing = new ConcurrentHashMap<>();

  /** Whether {@code peer}, in {@code incarnation}, answered NOT_FOUND for {@code task}. */
  boolean lacks(NodeId peer, long incarnation, String task) {
    Missing known = missing.get(peer);
    return known != null && known.incarnation() == incarnation && known.tasks().contains(task);
  }

  /** {@code peer}, in {@code incarnation}, answered NOT_FOUND for {@code task}. */
  void learnLacks(NodeId peer, long incarnation, String task) {
    missing.compute(peer, (id, known) -> {
      Missing current = known == null || known.incarnation() != incarnation
          ? new Missing(incarnation, ConcurrentHashMap.newKeySet())
          : known;
      if (current.tasks().size() < MAX_MISSING_PER_PEER) {
        current.tasks().add(task);
      }
      return current;
    });
  }

  /** Forgets peers other than {@code present}. */
  void retain(Set<NodeId> present) {
    missing.keySet().retainAll(present);
  }
}
