package dev.echomesh.agent;

import dev.echomesh.agent.identity.NodeId;
import dev.echomesh.agent.liveness.NodeReport;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The newest load and tags each peer reported in its pings, for {@link Agent#callAny}'s choice.
 * Written by the liveness receive thread, read by callers; thread-safe. Peers that left the peer
 * table are dropped by {@link #retain}, so it holds no more entries than the table.
 */
final class PeerReports {

  private record Reported(long incarnation, NodeReport report) {}

  private final Map<NodeId, Reported> reports = new ConcurrentHashMap<>();

  /** {@code peer}'s ping in {@code incarnation} said {@code report}; older incarnations lose. */
  void record(NodeId peer, long incarnation, NodeReport report) {
    reports.merge(peer, new Reported(incarnation, report),
        (old, now) -> now.incarnation() >= old.incarnation() ? now : old);
  }

  /** What {@code peer} reported last in {@code incarnation}; {@link NodeReport#NONE} if nothing. */
  NodeReport of(NodeId peer, long incarnation) {
    Reported reported = reports.get(peer);
    return reported == null || reported.incarnation() != incarnation ? NodeReport.NONE : reported.report();
  }

  /** Forgets peers other than {@code present}. */
  void retain(Set<NodeId> present) {
    reports.keySet().retainAll(present);
  }
}
