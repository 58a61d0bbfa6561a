package dev.echomesh.agent.control;

import dev.echomesh.agent.task.TaskStatus;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.Predicate;

/**
 * Counts calls by kind, task and status, with their durations: {@code api}, made through the local
 * API; {@code served}, answered by a program through {@code /v1/serve}; {@code incoming}, every call
 * peers made to this node, whoever answered it (so served calls are among them too). The task label is bounded: a task this agent does not offer is counted as {@code
 * other}, so callers naming random tasks cannot grow the label set.
 */
final class CallMetrics {

  /** The task label of a task this agent does not offer. */
  static final String OTHER_TASK = "other";
  /** Kind of a call a peer made to this node. */
  static final String INCOMING = "incoming";

  /** Duration buckets, seconds: 1 ms (a LAN round trip) to 5 min (a long transfer). */
  private static final double[] DURATION_BUCKETS = {
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 300
  };

  private final Predicate<String> knownTask;
  private final Counter calls;
  private final Histogram durations;

  /**
   * @param knownTask whether a task name may be a label value (a task this agent offers)
   */
  CallMetrics(PrometheusRegistry registry, Predicate<String> knownTask) {
    this.knownTask = knownTask;
    this.calls =
        Counter.builder()
            .name("echomesh_calls_total")
            .help("Calls that ended, by kind (api, served, incoming), task and status.")
            .labelNames("kind", "task", "status")
            .register(registry);
    this.durations =
        Histogram.builder()
            .name("echomesh_call_duration_seconds")
            .help("Duration of the calls that ended, by kind and task, from request to result.")
            .labelNames("kind", "task")
            .classicOnly()
            .classicUpperBounds(DURATION_BUCKETS)
            .register(registry);
  }

  /** Records one ended call. */
  void ended(String kind, String task, TaskStatus status, long nanos) {
    String label = knownTask.test(task) ? task : OTHER_TASK;
    calls.labelValues(kind, label, status.name()).inc();
    durations.labelValues(kind, label).observe(nanos / 1e9);
  }
}
