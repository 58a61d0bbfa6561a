package dev.echomesh.agent;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * How {@link Agent#callAny} picks among the ALIVE peers that may offer a task: which peers qualify
 * (every one of {@link #requiredTags} must be among the peer's announced tags) and in which order
 * they are tried (the {@link Strategy}). Immutable.
 *
 * <pre>{@code
 * agent.callAny("snapshot", PeerSelector.leastRtt().withTag("role", "camera"), payload, timeout);
 * }</pre>
 *
 * @param strategy the order in which qualifying peers are tried
 * @param requiredTags tags a peer must announce, key to value, kept in key order; empty = any peer
 */
public record PeerSelector(Strategy strategy, Map<String, String> requiredTags) {

  /** The order in which qualifying peers are tried. */
  public enum Strategy {
    /** Lowest mean ping round trip first; peers never measured come last, in random order. */
    LEAST_RTT,
    /**
     * Fewest calls in flight first (as each peer reported in its last ping), ties broken by the
     * lower CPU load, then by the lower round trip; peers that reported no load come last.
     */
    LEAST_LOAD,
    /** A uniformly random order: spreads calls evenly without any measurement. */
    RANDOM
  }

  public PeerSelector {
    Objects.requireNonNull(strategy, "strategy");
    requiredTags = Collections.unmodifiableMap(new TreeMap<>(requiredTags)); // in key order, for messages
  }

  /** Lowest round trip first, any tags. */
  public static PeerSelector leastRtt() {
    return new PeerSelector(Strategy.LEAST_RTT, Map.of());
  }

  /** Least loaded first, any tags. */
  public static PeerSelector leastLoad() {
    return new PeerSelector(Strategy.LEAST_LOAD, Map.of());
  }

  /** Random order, any tags. */
  public static PeerSelector random() {
    return new PeerSelector(Strategy.RANDOM, Map.of());
  }

  /** This selector, also requiring tag {@code key} with {@code value} (e.g. {@code role=camera}). */
  public PeerSelector withTag(String key, String value) {
    Map<String, String> tags = new TreeMap<>(requiredTags);
    tags.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    return new PeerSelector(strategy, tags);
  }

  /** Whether {@code tags} (a peer's) include every required tag. */
  public boolean matches(Map<String, String> tags) {
    return requiredTags.entrySet().stream().allMatch(t -> t.getValue().equals(tags.get(t.getKey())));
  }
}
