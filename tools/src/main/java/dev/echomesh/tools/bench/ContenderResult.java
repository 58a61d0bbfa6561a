package dev.echomesh.tools.bench;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything measured for one call contender.
 *
 * @param name contender name, e.g. {@code grpc}
 * @param transport what carried the bytes (protocol, cipher suite, TLS provider); or why it
 *     could not be opened
 * @param pipelined whether it was measured with more than one call in flight
 * @param latency latency per payload size in bytes
 * @param throughput per payload size in bytes, throughput per calls in flight
 */
record ContenderResult(
    String name,
    String transport,
    boolean pipelined,
    Map<Integer, Measured<LatencyResult>> latency,
    Map<Integer, Map<Integer, Measured<ThroughputResult>>> throughput) {

  ContenderResult {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(transport, "transport");
    latency = Collections.unmodifiableMap(new LinkedHashMap<>(latency));
    Map<Integer, Map<Integer, Measured<ThroughputResult>>> copy = new LinkedHashMap<>();
    throughput.forEach((size, levels) -> copy.put(size, Collections.unmodifiableMap(new LinkedHashMap<>(levels))));
    throughput = Collections.unmodifiableMap(copy);
  }

  /** Latency of one payload size, or why it is missing. */
  Measured<LatencyResult> latencyOf(int payloadBytes) {
    Measured<LatencyResult> figure = latency.get(payloadBytes);
    return figure != null ? figure : Measured.missing(name + ": no " + payloadBytes + " B latency run");
  }

  /** Throughput of one payload size and in-flight level, or why it is missing. */
  Measured<ThroughputResult> throughputOf(int payloadBytes, int inFlight) {
    Map<Integer, Measured<ThroughputResult>> levels = throughput.get(payloadBytes);
    Measured<ThroughputResult> figure = levels == null ? null : levels.get(inFlight);
    if (figure != null) {
      return figure;
    }
    return Measured.missing(
        name + (pipelined ? ": no run" : " is a blocking ping-pong: measured at 1 in flight only")
            + " with " + inFlight + " in flight");
  }
}
