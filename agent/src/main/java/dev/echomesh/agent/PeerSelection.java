package dev.echomesh.agent;

import dev.echomesh.agent.identity.NodeId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;

/**
 * The order in which {@link Agent#callAny} tries peers: a pure function of the candidates, the
 * selector and a source of randomness, so it is table-tested without a network.
 */
final class PeerSelection {

  /** A value a peer did not report. */
  static final long UNKNOWN = -1;

  private PeerSelection() {}

  /**
   * One ALIVE peer that may offer the task, with what this node knows of it.
   *
   * @param id the peer
   * @param rttMicros median ping round trip; {@link #UNKNOWN} when never measured
   * @param callsInFlight calls the peer reported running in its last ping; {@link #UNKNOWN} when
   *     it reported none (an older agent)
   * @param cpuLoadPermille the peer's reported CPU load, 0 to 1000 per CPU; {@link #UNKNOWN} when
   *     not reported
   * @param tags the tags the peer announced
   */
  record Candidate(NodeId id, long rttMicros, long callsInFlight, long cpuLoadPermille, Map<String, String> tags) {
    Candidate {
      Objects.requireNonNull(id, "id");
      tags = Map.copyOf(tags);
    }
  }

  /**
   * The candidates that match {@code selector}'s tags, best first. Ties, and candidates the
   * strategy cannot rank (unknown values, last), are in random order, so that equal peers share
   * the calls.
   */
  static List<NodeId> order(List<Candidate> candidates, PeerSelector selector, Random random) {
    List<Candidate> matching = new ArrayList<>();
    for (Candidate candidate : candidates) {
      if (selector.matches(candidate.tags())) {
        matching.add(candidate);
      }
    }
    Collections.shuffle(matching, random); // the stable sort below keeps ties in this random order
    Comparator<Candidate> order = switch (selector.strategy()) {
      case LEAST_RTT -> byKnownFirst(Candidate::rttMicros);
      case LEAST_LOAD -> byKnownFirst(Candidate::callsInFlight)
          .thenComparing(byKnownFirst(Candidate::cpuLoadPermille))
          .thenComparing(byKnownFirst(Candidate::rttMicros));
      case RANDOM -> (a, b) -> 0;
    };
    matching.sort(order);
    return matching.stream().map(Candidate::id).toList();
  }

  /** Lower known values first; {@link #UNKNOWN} after all known ones. */
  private static Comparator<Candidate> byKnownFirst(java.util.function.ToLongFunction<Candidate> value) {
    return Comparator.comparingLong(c -> {
      long v = value.applyAsLong(c);
      return v < 0 ? Long.MAX_VALUE : v;
    });
  }
}
