package dev.echomesh.tools.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Discovery and failure detection on the virtual LAN of network namespaces.
 *
 * @param discoveryMillis by number of other hosts, the time from a new agent's process start
 *     until every other agent lists it ALIVE, one value per trial
 * @param jmdnsResolveMillis jmdns alone: time from {@code registerService} until a browser on
 *     another host has resolved the service, one value per trial
 * @param detectionMillis time from {@code kill -9} of an agent until every other agent lists
 *     it DEAD, one value per trial
 * @param falseDead DEAD listings of agents that were running, over the whole run
 * @param falseDeadEvents one line per false DEAD: who listed whom, when, and in which phase
 */
record LanResults(
    Map<Integer, Measured<Samples>> discoveryMillis,
    Measured<Samples> jmdnsResolveMillis,
    Measured<Samples> detectionMillis,
    Measured<Long> falseDead,
    List<String> falseDeadEvents) {

  LanResults {
    discoveryMillis = Collections.unmodifiableMap(new LinkedHashMap<>(discoveryMillis));
    Objects.requireNonNull(jmdnsResolveMillis, "jmdnsResolveMillis");
    Objects.requireNonNull(detectionMillis, "detectionMillis");
    Objects.requireNonNull(falseDead, "falseDead");
    falseDeadEvents = List.copyOf(falseDeadEvents);
  }

  /** Every figure missing for one reason (e.g. network namespaces unavailable). */
  static LanResults skipped(String reason, Iterable<Integer> sizes) {
    Map<Integer, Measured<Samples>> discovery = new LinkedHashMap<>();
    for (int size : sizes) {
      discovery.put(size, Measured.missing(reason));
    }
    return new LanResults(
        discovery, Measured.missing(reason), Measured.missing(reason), Measured.missing(reason), List.of());
  }

  /** Discovery time at {@code others} other hosts, or why it is missing. */
  Measured<Samples> discoveryAt(int others) {
    Measured<Samples> figure = discoveryMillis.get(others);
    return figure != null ? figure : Measured.missing("no run with " + others + " other hosts");
  }
}
